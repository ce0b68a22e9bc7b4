// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../lib/attribute';
import { domRange, emptyPageText, readInto, readPage } from '../../lib/read-page';

const html = (body: string) => {
  document.body.innerHTML = body;
  return readPage(document);
};
const quotes = (body: string) => {
  const page = html(body);
  return scanDocument(page).map((q) => [q.text, q.speaker]);
};

describe('readPage', () => {
  it('reads a quote split over inline markup, soft hyphens, no-break spaces and a line break as one text', () => {
    const page = html(
      '<p>“We con<em>tinue</em> to <a href="/x">collab\u00ADorate</a>&nbsp;within<br>the <span>framework</span>,” Sheinbaum said.</p>',
    );
    expect(page.text).toBe('“We continue to collaborate within the framework,” Sheinbaum said.');
    expect(scanDocument(page).map((q) => [q.text, q.speaker])).toEqual([['We continue to collaborate within the framework,', 'sheinbaum']]);
  });

  it('maps text offsets back to the DOM, across elements', () => {
    const page = html('<p>Sheinbaum said “coordination <em>without</em> subordination” today.</p>');
    const start = page.text.indexOf('coordination');
    const end = page.text.indexOf('subordination') + 'subordination'.length;
    expect(domRange(page, start, end, document)?.toString()).toBe('coordination without subordination');
  });

  it('skips scripts, styles, hidden elements, form fields and editable regions', () => {
    const page = html(`
      <p>Visible “one” here.</p>
      <script>var s = "“not text”";</script><style>p::after { content: "“no”"; }</style>
      <p hidden>“hidden attribute”</p><p style="display:none">“display none”</p><p aria-hidden="true">“aria hidden”</p>
      <textarea>“typed”</textarea><input value="“typed”"><div contenteditable="true">“editable”</div>
      <template><p>“template”</p></template>`);
    expect(page.text).toBe('Visible “one” here.');
  });

  it('marks navigation, sidebars, comments and footers as page furniture', () => {
    const page = html(`
      <nav><a>“Nav quote”</a></nav>
      <article><h1>Headline</h1><p>Body “quote”.</p><aside class="pull-quote"><p>“Pull quote”</p></aside></article>
      <div id="comments"><p>“Comment quote”</p></div>
      <div class="sidebar-most-read"><p>“Sidebar”</p></div><footer><p>“Footer”</p></footer>`);
    const zones = page.blocks.map((b) => [page.text.slice(b.start, b.end), b.zone, b.kind]);
    expect(zones).toEqual([
      ['“Nav quote”', 'aside', 'paragraph'],
      ['Headline', 'article', 'heading'],
      ['Body “quote”.', 'article', 'paragraph'],
      ['“Pull quote”', 'aside', 'paragraph'],
      ['“Comment quote”', 'aside', 'paragraph'],
      ['“Sidebar”', 'aside', 'paragraph'],
      ['“Footer”', 'aside', 'paragraph'],
    ]);
  });

  it('reads <q> and a mark-less blockquote with its attribution line', () => {
    expect(quotes('<p>Rubio said <q>we want tangible results</q> on Friday.</p>')).toEqual([['we want tangible results', 'rubio']]);
    expect(quotes('<blockquote><p>Coordination without subordination.</p><footer>— Claudia Sheinbaum</footer></blockquote>')).toEqual([
      ['Coordination without subordination.', 'sheinbaum'],
    ]);
  });

  it('reads open shadow roots at their host, and not iframes', () => {
    document.body.innerHTML = '<p>Before.</p><div id="host"></div><iframe srcdoc="<p>“in frame”</p>"></iframe><p>After.</p>';
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>Shadow “quote” text.</p>';
    expect(readPage(document).text).toBe('Before.\nShadow “quote” text.\nAfter.');
  });

  it('reads text that arrives later once, on its own, never re-reading what it read', () => {
    document.body.innerHTML = '<article id="a"><p>First “one”.</p></article>';
    const page = emptyPageText();
    readInto(page, document.body);
    const p = document.createElement('p');
    p.textContent = 'Second “two”.';
    document.getElementById('a')!.append(p);
    expect(readInto(page, document.getElementById('a')!)).toBeGreaterThan(0);
    expect(page.text).toBe('First “one”.\nSecond “two”.');
    expect(readInto(page, document.body)).toBe(0);
  });

  it('survives deeply nested markup without overflowing the stack', () => {
    document.body.innerHTML = `${'<div>'.repeat(5000)}<p>Deep “quote” here.</p>${'</div>'.repeat(5000)}`;
    // happy-dom's getComputedStyle recurses through ancestors: leave visibility out of this one.
    expect(readPage(document, { isHidden: () => false }).text).toBe('Deep “quote” here.');
  });
});
