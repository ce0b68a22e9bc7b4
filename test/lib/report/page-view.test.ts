// The popup's decisions, in Node: which pages can be scanned, which state a tab is in, how quotes are grouped.
import { citationList } from '@/lib/report/citations';
import { groupQuotes, reportFileName, tabView, unscannableReason } from '@/lib/report/page-view';
import { checkPath, freshPendingText, MAX_CHECK_CHARS, PENDING_CHECK_MAX_AGE_MS, selectionToCheck } from '@/lib/model/pending-check';
import { speakerName } from '@/lib/model/speakers';
import { EMPTY_REPORT, QUOTES, REPORT } from '@/test/helpers/report-fixtures';

describe('unscannableReason', () => {
  it.each([
    ['https://www.reuters.com/world/', null],
    ['http://127.0.0.1:8080/wire-story.html', null],
    ['chrome://extensions/', 'browser'],
    ['chrome-extension://abc/popup.html', 'browser'],
    ['about:blank', 'browser'],
    ['about:debugging#/runtime/this-firefox', 'browser'],
    ['edge://settings', 'browser'],
    ['view-source:https://example.com/', 'browser'],
    ['moz-extension://x/popup.html', 'browser'],
    ['not a url', 'browser'],
    ['https://chromewebstore.google.com/detail/abc', 'store'],
    ['https://chrome.google.com/webstore/category/extensions', 'store'],
    ['https://chrome.google.com/search', null],
    ['https://addons.mozilla.org/en-US/firefox/', 'store'],
    ['https://microsoftedge.microsoft.com/addons/Microsoft-Edge-Extensions-Home', 'store'],
  ])('%s → %s', (url, reason) => {
    expect(unscannableReason(url, { fileAccess: false })).toBe(reason);
  });

  it('scans local files only with file access', () => {
    expect(unscannableReason('file:///home/r/a.html', { fileAccess: false })).toBe('file');
    expect(unscannableReason('file:///home/r/a.html', { fileAccess: true })).toBeNull();
  });
});

describe('tabView', () => {
  const base = { fileAccess: false, paused: false, autoScan: true };
  it('puts a page that cannot be scanned before anything else', () => {
    expect(tabView({ ...base, url: 'chrome://newtab/', paused: true })).toEqual({ kind: 'unscannable', reason: 'browser' });
  });
  it('puts a pause before a report', () => {
    expect(tabView({ ...base, report: REPORT, paused: true })).toEqual({ kind: 'paused', site: 'news.example.org' });
  });
  it('shows a report, even an empty one', () => {
    expect(tabView({ ...base, url: REPORT.url, report: EMPTY_REPORT })).toEqual({ kind: 'report', report: EMPTY_REPORT });
  });
  it('without a report: scanning, or (automatic scanning off) waiting to be asked', () => {
    expect(tabView({ ...base, url: REPORT.url })).toEqual({ kind: 'scanning' });
    expect(tabView({ ...base, url: REPORT.url, autoScan: false })).toEqual({ kind: 'manual' });
  });
  it('withheld site access, without a report: the access to ask for, before scanning or waiting to be asked', () => {
    expect(tabView({ ...base, url: REPORT.url, access: false })).toEqual({ kind: 'no-access', site: 'news.example.org' });
    expect(tabView({ ...base, url: REPORT.url, access: false, autoScan: false })).toEqual({ kind: 'no-access', site: 'news.example.org' });
    expect(tabView({ ...base, access: false })).toEqual({ kind: 'no-access', site: null });
    // A report means the scan ran; a pause and a browser page still come first.
    expect(tabView({ ...base, url: REPORT.url, report: EMPTY_REPORT, access: false })).toEqual({ kind: 'report', report: EMPTY_REPORT });
    expect(tabView({ ...base, url: REPORT.url, paused: true, access: false })).toEqual({ kind: 'paused', site: 'news.example.org' });
  });
  it('reads the report’s URL where the tab’s is unknown', () => {
    expect(tabView({ ...base, report: { ...EMPTY_REPORT, url: 'https://chromewebstore.google.com/x' } })).toEqual({ kind: 'unscannable', reason: 'store' });
  });
});

describe('groupQuotes', () => {
  it('puts misattributed quotes first, then speakers in data order, then the others', () => {
    const groups = groupQuotes(QUOTES);
    expect(groups.map((g) => g.id)).toEqual(['misattributed', 'sheinbaum', 'trump', 'rubio', 'others']);
    expect(groups[0]!.entries.map((e) => e.quote.text)).toEqual(['coordination without subordination']);
    expect(groups[1]!.entries.map((e) => e.quote.text)).toEqual(['absolutely ruled out', 'not on the table']);
  });

  it('numbers each quote within its frame, in report order', () => {
    const entries = groupQuotes(QUOTES).flatMap((g) => g.entries).sort((a, b) => a.position - b.position);
    expect(entries.map((e) => [e.frameId, e.index])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [3, 0]]);
  });

  it('groups a quote the page gives no speaker under the sources’ speaker', () => {
    const q = { ...QUOTES[2]!, speaker: null };
    expect(groupQuotes([q]).map((g) => g.id)).toEqual(['trump']);
  });

  it('returns no groups for no quotes', () => {
    expect(groupQuotes([])).toEqual([]);
  });
});

describe('reportFileName', () => {
  it('names the site and the day of the scan', () => {
    expect(reportFileName(REPORT)).toBe('quotetrail-news.example.org-2026-01-06.json');
    expect(reportFileName({ ...REPORT, url: 'file:///x.html' })).toBe('quotetrail-page-2026-01-06.json');
  });
});

describe('citationList', () => {
  const words = { sources: 'Sources', untitled: 'Untitled article', undated: 'undated', quoted: 'Quoted', unquoted: 'Not in quotation marks', speakerName };
  it('lists every source with title, outlet, date, address and wording', () => {
    expect(citationList(QUOTES[1]!, words)).toBe(
      [
        '“coordination without subordination” — Claudia Sheinbaum',
        '',
        'Sources (2):',
        '1. Mexican President Sheinbaum Firmly Rejects Trump’s Offer to Send U.S. Troops to Combat Cartels. undated. https://example.com/sheinbaum-rejects-troops',
        '   Quoted: ““We continue to collaborate… coordination without subordination,” Sheinbaum said.”',
        '2. Mexico Rejects US Military Intervention Against Cartels, Citing Sovereignty. Example Wire, 2026-01-05.',
        '   Not in quotation marks: “Security cooperation must be founded on mutual respect and collaboration without subordination.”',
        '',
      ].join('\n'),
    );
  });
  it('names an untitled source by its id', () => {
    expect(citationList(QUOTES[2]!, words)).toContain('1. Untitled article (002_b1b6bd0714162ee1). undated.');
  });
});

describe('pending checks', () => {
  it('collapses and caps a selection', () => {
    expect(selectionToCheck('  coordination\n\twithout   subordination ')).toBe('coordination without subordination');
    expect(selectionToCheck(undefined)).toBe('');
    expect(selectionToCheck('a '.repeat(2000)).length).toBeLessThanOrEqual(MAX_CHECK_CHARS);
  });
  it('takes only a fresh pending text', () => {
    expect(PENDING_CHECK_MAX_AGE_MS).toBe(30_000); // "for at most 30 s", as the README says
    expect(freshPendingText({ text: 'hit land', at: 1000 }, 1000 + PENDING_CHECK_MAX_AGE_MS)).toBe('hit land');
    expect(freshPendingText({ text: 'hit land', at: 1000 }, 1001 + PENDING_CHECK_MAX_AGE_MS)).toBeNull();
    expect(freshPendingText({ text: '', at: 1000 }, 1000)).toBeNull();
    expect(freshPendingText('hit land', 1000)).toBeNull();
  });
  it('puts the text in the check URL', () => {
    expect(checkPath('a & b?')).toBe('/popup.html?check=a%20%26%20b%3F');
    expect(checkPath('')).toBe('/popup.html');
  });
});
