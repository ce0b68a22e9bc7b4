// @vitest-environment happy-dom
// "Add this page to my sources": what the content script keeps of a page (title, stated date, article text only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sourceCorpus } from '@/lib/corpus/extract';
import { articleText, extractPage, isoDay, pageTitle, publishedDate } from '@/lib/page/extract-page';
import type { SourceId } from '@/lib/model/types';
import { FIXTURES } from '@/test/helpers/paths';

const READER_PAGES = join(FIXTURES, 'reader');

/** Loads a whole HTML document (head and body) into happy-dom's document. */
function load(html: string): void {
  document.documentElement.innerHTML = html.replace(/^[\s\S]*?<html[^>]*>/i, '').replace(/<\/html>\s*$/i, '');
}
const page = (head: string, body: string) => load(`<head>${head}</head><body>${body}</body>`);

beforeEach(() => page('', ''));

describe('the page’s title', () => {
  it('is the document’s title where it has one', () => {
    page('<title>  Rubio Ties   Mexico Partnership </title>', '<h1>Another headline</h1>');
    expect(pageTitle(document)).toBe('Rubio Ties Mexico Partnership');
  });
  it('is the first h1 where the document has no title', () => {
    page('', '<article><h1>Week in <em>Review</em></h1><p>Text.</p></article>');
    expect(pageTitle(document)).toBe('Week in Review');
  });
  it('is null where the page has neither', () => {
    page('', '<p>Text.</p>');
    expect(pageTitle(document)).toBeNull();
  });
});

describe('the publication date', () => {
  it.each([
    ['<meta property="article:published_time">', '<meta property="article:published_time" content="2026-02-14T09:30:00-05:00">', '', '2026-02-14'],
    ['JSON-LD datePublished, inside @graph', '<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2026-01-05"}]}</script>', '', '2026-01-05'],
    ['the article’s <time datetime>', '', '<article><p><time datetime="2025-12-30T18:00:00Z">Dec 30</time></p><p>Text.</p></article>', '2025-12-30'],
    ['meta first, when the page states it twice', '<meta property="article:published_time" content="2026-02-14">', '<article><time datetime="2020-01-01">old</time></article>', '2026-02-14'],
  ])('comes from %s', (_name, head, body, date) => {
    page(head, body);
    expect(publishedDate(document)).toBe(date);
  });

  it.each([
    ['a page that states none', '', '<article><p>Published last week.</p></article>'],
    ['a <time> outside the article (a sidebar’s clock)', '', '<aside><time datetime="2026-03-01">today</time></aside><article><p>Text.</p></article>'],
    ['an impossible date', '<meta property="article:published_time" content="2026-02-30T10:00:00Z">', ''],
    ['broken JSON-LD', '<script type="application/ld+json">{"datePublished": "2026-01-05",</script>', ''],
  ])('is null for %s: never guessed', (_name, head, body) => {
    page(head, body);
    expect(publishedDate(document)).toBeNull();
  });

  it('keeps the day the page states, whatever its time zone', () => {
    expect(isoDay('2026-02-14T23:30:00-08:00')).toBe('2026-02-14');
    expect(isoDay('14 February 2026')).toBeNull();
  });
});

describe('the article text', () => {
  it('keeps the article, one paragraph a line, and leaves out navigation, sidebars, comments and footers', () => {
    load(readFileSync(join(READER_PAGES, 'rubio-labs.html'), 'utf8'));
    const text = articleText(document);
    expect(text.split('\n')).toEqual([
      'Rubio Ties Mexico Partnership to Closed Fentanyl Labs',
      'By a staff reporter · February 14, 2026',
      'WASHINGTON — Secretary of State Marco Rubio on Friday set out how the United States will judge its security cooperation with Mexico.',
      '“We will measure this partnership by the laboratories that close, not by the communiqués that get signed,” Rubio told reporters at the State Department.',
      'The secretary of state added that both governments had agreed to publish a monthly tally of dismantled drug labs, and said the first figures were due in March.',
      'Mexican officials did not respond to a request for comment.',
    ]);
  });

  it('gives quotation marks to quotations only markup marks, so that the corpus code sees them', () => {
    page('', '<article><p>Rubio called the deal <q>a floor, not a ceiling</q> on Friday.</p><blockquote><p>Borders are not bargaining chips.</p><footer>— Marco Rubio</footer></blockquote></article>');
    expect(articleText(document).split('\n')).toEqual([
      'Rubio called the deal “a floor, not a ceiling” on Friday.',
      '“Borders are not bargaining chips.”',
      '— Marco Rubio',
    ]);
  });

  it('yields the quote and its speaker through the same code that builds the bundled corpus', () => {
    load(readFileSync(join(READER_PAGES, 'rubio-labs.html'), 'utf8'));
    const extracted = extractPage(document, 'https://ledger.example/rubio-labs#comments');
    expect(extracted).toMatchObject({ url: 'https://ledger.example/rubio-labs', title: 'Rubio Ties Mexico Partnership to Closed Fentanyl Labs', published: '2026-02-14' });
    const { quotes } = sourceCorpus('user:t' as SourceId, extracted.text);
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([
      ['We will measure this partnership by the laboratories that close, not by the communiqués that get signed,', 'rubio'],
    ]);
  });
});
