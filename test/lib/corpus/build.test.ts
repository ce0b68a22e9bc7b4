import { describe, expect, it } from 'vitest';
import { buildCorpus, type CorpusInput } from '@/lib/corpus/build';
import { seedInput, sha256 } from '@/test/helpers/seeds';

const S000 = '000_3a729737f59c05fc';
const build = (change: (input: CorpusInput) => void) => {
  const input = seedInput();
  input.files = new Map(input.files);
  change(input);
  const result = buildCorpus(input);
  return result.ok ? [] : result.error;
};
const manifestLine = (input: CorpusInput, needle: string) => input.manifestText.slice(0, input.manifestText.indexOf(needle)).split('\n').length;

describe('the corpus builder', () => {
  it('builds the seeds: every source, its metadata as stated, every quotation', () => {
    const result = buildCorpus(seedInput());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.value;
    expect(c.sources.map((s) => s.id)).toEqual([S000, '001_6ed219509c549034', '002_b1b6bd0714162ee1', '003_71da788b2366cde3', '004_c4c6dfd79bbf343c']);
    expect(c.sources[0]).toMatchObject({ title: null, outlet: null, published: null, url: null });
    expect(c.sources[3]).toMatchObject({ outlet: '24brussels', published: null });
    expect(c.sources[4]).toMatchObject({ published: null, eventDate: { date: '2026-01-05' } });
    const perSource = c.sources.map((s) => c.quotes.flatMap((q) => q.occurrences).filter((o) => o.sourceId === s.id).length);
    expect(perSource).toEqual([3, 5, 3, 3, 2]);
    // Each occurrence keeps its exact wording and the sentence it stands in.
    const rubio = c.quotes.find((q) => q.speaker === 'rubio')!;
    expect(rubio.occurrences[0]).toMatchObject({ text: 'tangible results' });
    expect(rubio.occurrences[0]!.sentence).toMatch(/^U\.S\. Secretary of State Marco Rubio .* cooperation\.$/);
    // Unquoted carriers are kept too: 004's sentence with "collaboration without subordination".
    expect(c.passages.some((p) => p.sourceId === '004_c4c6dfd79bbf343c' && p.text.includes('collaboration without subordination'))).toBe(true);
  });

  it('gives the same version for the same input, and another when a source changes', () => {
    const a = buildCorpus(seedInput());
    const b = buildCorpus(seedInput());
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.value.version).toBe(a.value.version);
    // One word of one article changed (and its sha256 in the manifest with it): a new version, so that the
    // extension reloads its database.
    const changed = seedInput();
    const name = `${S000}.txt`;
    const text = new TextDecoder().decode(changed.files.get(name)!).replace('cartels', 'cartel groups');
    const bytes = new TextEncoder().encode(text);
    changed.manifestText = changed.manifestText.replace(sha256(changed.files.get(name)!), sha256(bytes));
    changed.files = new Map(changed.files).set(name, bytes);
    const c = buildCorpus(changed);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.version).not.toBe(a.value.version);
    expect(c.value.version).toMatch(/\S/);
  });

  it('names the file and line of a source that is not UTF-8', () => {
    const errors = build((input) => {
      const bytes = new Uint8Array(input.files.get(`${S000}.txt`)!);
      const at = new TextDecoder().decode(bytes).indexOf('Leaders Stand United');
      bytes[new TextEncoder().encode(new TextDecoder().decode(bytes).slice(0, at)).length] = 0xff;
      input.files.set(`${S000}.txt`, bytes);
    });
    expect(errors).toEqual([`data/${S000}.txt:2: not valid UTF-8 (save the file as UTF-8)`]);
  });

  it('names a truncated source whose sha256 differs from the manifest', () => {
    const errors = build((input) => input.files.set(`${S000}.txt`, input.files.get(`${S000}.txt`)!.slice(0, 500)));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^data/${S000}\\.txt:\\d+: sha256 [0-9a-f]{64} differs from the manifest's e7e37757.*truncated or corrupted`));
  });

  it('names a manifest entry without a file, and a file without an entry', () => {
    const input = seedInput();
    const line = manifestLine(input, `"${S000}"`);
    expect(build((i) => i.files.delete(`${S000}.txt`))).toEqual([`data/manifest.json:${line}: source "${S000}" has no file data/${S000}.txt`]);
    const extra = new TextEncoder().encode('A sixth article.');
    expect(build((i) => i.files.set('005_extra.txt', extra))).toEqual(['data/005_extra.txt:1: no entry for "005_extra" in data/manifest.json']);
  });

  it('names a duplicate id and a date not in YYYY-MM-DD, with their lines', () => {
    const input = seedInput();
    const manifest = JSON.parse(input.manifestText);
    manifest.sources.push({ ...manifest.sources[1] });
    manifest.sources[2].published = '5 January 2026';
    const text = JSON.stringify(manifest, null, 2);
    const errors = build((i) => (i.manifestText = text));
    const idLine = (n: number) => text.split('\n').filter((l) => l.includes('"id": "001_6ed219509c549034"'))[n];
    expect(idLine(1)).toBeDefined();
    expect(errors).toEqual([
      expect.stringMatching(/^data\/manifest\.json:\d+: source "002_b1b6bd0714162ee1": "published" must be a date as YYYY-MM-DD, or null; got "5 January 2026"$/),
      expect.stringMatching(/^data\/manifest\.json:\d+: source "001_6ed219509c549034": duplicate id \(first at line \d+\)$/),
    ]);
    const dupLine = Number(/:(\d+):/.exec(errors[1]!)![1]);
    expect(text.split('\n')[dupLine - 1]).toContain('"id": "001_6ed219509c549034"');
  });

  it('names the line where the manifest stops being valid JSON', () => {
    const errors = build((i) => (i.manifestText = i.manifestText.replace('"outlet": "24brussels",', '"outlet": "24brussels"')));
    expect(errors).toHaveLength(1);
    const line = Number(/^data\/manifest\.json:(\d+): the manifest is not valid JSON/.exec(errors[0]!)?.[1]);
    const input = seedInput();
    expect(line).toBeGreaterThanOrEqual(manifestLine(input, '"24brussels"'));
    expect(line).toBeLessThanOrEqual(manifestLine(input, '"24brussels"') + 1);
  });

  it('a sixth article is one file and one manifest entry', () => {
    const text = 'Rubio Visits Mexico\nMarco Rubio said “we respect Mexico’s sovereignty” during a visit.\n';
    const bytes = new TextEncoder().encode(text);
    const input = seedInput();
    const manifest = JSON.parse(input.manifestText);
    manifest.sources.push({ id: '005_rubio', title: 'Rubio Visits Mexico', outlet: null, published: '2026-02-01', url: null, sha256: sha256(bytes) });
    input.manifestText = JSON.stringify(manifest);
    input.files = new Map(input.files).set('005_rubio.txt', bytes);
    const result = buildCorpus(input);
    expect(result.ok && result.value.quotes.find((q) => q.occurrences[0]!.sourceId === '005_rubio')).toMatchObject({
      text: 'we respect Mexico’s sovereignty', speaker: 'rubio',
    });
  });
});
