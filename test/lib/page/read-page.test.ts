// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { scanDocument } from '@/lib/pipeline/attribute';
import { domPosition, domRange, emptyPageText, readInto, readPage, type PageText } from '@/lib/page/read-page';

const html = (body: string) => {
  document.body.innerHTML = body;
  return readPage(document);
};
// A text's visible characters: no whitespace (a line break reads as a space that no text node holds), nothing invisible.
const visible = (s: string) => s.replace(/[\s\u00AD\u200B-\u200F\u2060]/g, '');
/** Every segment is a run of the text that is, character for character, a run of its node's text. */
const expectSegmentsMatchTheirNodes = (page: PageText) => {
  for (const seg of page.segments) {
    expect(page.text.slice(seg.textStart, seg.textStart + seg.length)).toBe(seg.node.data.slice(seg.nodeStart, seg.nodeStart + seg.length));
  }
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

  describe('maps text back to the DOM', () => {
    const body = '<p>  We  con<em>tinue</em>\n to <a href="/x">collab\u00ADorate</a>&nbsp;within<br>the <span>frame</span>work, Sheinbaum said today.</p>';
    const page = () => html(body);

    it('keeps each segment a run of its own node: a node of words and single spaces is one segment', () => {
      const p = page();
      expect(p.text).toBe('We continue to collaborate within the framework, Sheinbaum said today.');
      expectSegmentsMatchTheirNodes(p);
      const tail = document.querySelector('p')!.lastChild as Text;
      expect(p.segments.filter((s) => s.node === tail)).toEqual([{ node: tail, textStart: p.text.indexOf('work,'), nodeStart: 0, length: tail.data.length }]);
    });

    it('maps every visible character to the character it shows, and every range to the text it shows', () => {
      const p = page();
      for (let i = 0; i < p.text.length; i++) {
        if (p.text[i] === ' ') continue;
        const at = domPosition(p, i)!;
        const after = domPosition(p, i + 1, true)!;
        expect(at.node.data[at.offset], `start of ${i}`).toBe(p.text[i]);
        expect(after.node.data[after.offset - 1], `end of ${i}`).toBe(p.text[i]);
      }
      // Every range that starts and ends on a visible character shows the characters it was taken from.
      for (let start = 0; start < p.text.length; start++) {
        for (let end = start + 1; end <= p.text.length; end++) {
          if (p.text[start] === ' ' || p.text[end - 1] === ' ') continue;
          expect(visible(domRange(p, start, end, document)!.toString()), `${start}..${end}`).toBe(visible(p.text.slice(start, end)));
        }
      }
    });

    it('puts a space at the end of the word before it, collapsed or single', () => {
      const p = page();
      const first = document.querySelector('p')!.firstChild as Text; // "  We  con"
      const tail = document.querySelector('p')!.lastChild as Text; // "work, Sheinbaum said today."
      // A collapsed double space: as a start and as an end, it is where "We" ends.
      expect(domPosition(p, p.text.indexOf(' con'))).toEqual({ node: first, offset: 4 });
      expect(domPosition(p, p.text.indexOf('con'), true)).toEqual({ node: first, offset: 4 });
      // A single space inside one segment: the same.
      expect(domPosition(p, p.text.indexOf(' said'))).toEqual({ node: tail, offset: tail.data.indexOf(' said') });
      expect(domPosition(p, p.text.indexOf('said'), true)).toEqual({ node: tail, offset: tail.data.indexOf(' said') });
      expect(domPosition(p, p.text.indexOf('said'))).toEqual({ node: tail, offset: tail.data.indexOf('said') });
    });

    it('maps across soft hyphens, no-break spaces and inline elements', () => {
      const p = page();
      const a = document.querySelector('a')!.firstChild as Text; // "collab\u00ADorate"
      expect(domPosition(p, p.text.indexOf('orate'))).toEqual({ node: a, offset: 7 });
      expect(domPosition(p, p.text.indexOf('orate') + 5, true)).toEqual({ node: a, offset: 12 });
      const within = p.text.indexOf('within');
      const nbsp = document.querySelector('a')!.nextSibling as Text; // "\u00A0within"
      expect(domPosition(p, within)).toEqual({ node: nbsp, offset: 1 });
      expect(domRange(p, p.text.indexOf('continue'), p.text.indexOf('continue') + 8, document)?.toString()).toBe('continue');
      expect(domRange(p, p.text.indexOf('framework'), p.text.indexOf('framework') + 9, document)?.toString()).toBe('framework');
      expect(domRange(p, p.text.indexOf('collaborate'), within + 6, document)?.toString()).toBe('collab\u00ADorate\u00A0within');
    });

    it('keeps segments true to their nodes on text with every kind of whitespace and invisible character', () => {
      const p = html('<p>\ta\u00A0 b\u200Bc \u2009d\ne\r\nf\u2060g\uFEFFh \u3000 i  j\u00AD</p><p> k l </p><p>\u00AD</p><p>m<span> </span>n</p>');
      // Zero-width characters join what they stand between; a BOM reads as whitespace, as \s has it.
      expect(p.text).toBe('a bc d e fg h i j\nk l\nm n');
      expectSegmentsMatchTheirNodes(p);
    });
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

  it('passes over what it read on every later read, the first one included', () => {
    document.body.innerHTML = '<article id="a"></article>';
    const page = emptyPageText();
    expect(readInto(page, document.body)).toBe(0);
    const article = document.getElementById('a')!;
    article.innerHTML = '<p>First “one”.</p>\n';
    expect(readInto(page, article)).toBeGreaterThan(0);
    article.insertAdjacentHTML('beforeend', '<p>Second “two”.</p>');
    expect(readInto(page, article)).toBeGreaterThan(0);
    article.append(document.createTextNode('Third “three”.'));
    readInto(page, document.body);
    expect(page.text).toBe('First “one”.\nSecond “two”.\nThird “three”.');
    expect(readInto(page, document.body)).toBe(0);
    expectSegmentsMatchTheirNodes(page);
  });

  it('survives deeply nested markup without overflowing the stack', () => {
    document.body.innerHTML = `${'<div>'.repeat(5000)}<p>Deep “quote” here.</p>${'</div>'.repeat(5000)}`;
    // happy-dom's getComputedStyle recurses through ancestors: leave visibility out of this one.
    expect(readPage(document, { isHidden: () => false }).text).toBe('Deep “quote” here.');
  });
});
