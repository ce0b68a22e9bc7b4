// Builds the bundled corpus from the sources and their manifest, with the same code that scans web pages.
import { majoritySpeaker, CORPUS_FORMAT, type CorpusFile, type CorpusQuote, type Passage, type SourceMeta } from '@/lib/model/corpus';
import { isIsoDay } from '@/lib/model/dates';
import type { Result, SourceId } from '@/lib/model/types';
import { addOccurrences, extractSource } from '@/lib/corpus/extract';

/** What the builder reads: the manifest's text and each source file's bytes, by file name. */
export interface CorpusInput {
  manifestPath: string;
  manifestText: string;
  files: Map<string, Uint8Array>;
  /** Folder shown in messages (data/). */
  dir: string;
  sha256: (bytes: Uint8Array) => string;
}

const SHA = /^[0-9a-f]{64}$/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of the first byte that is not valid UTF-8, or null when all of it is. */
export function firstInvalidUtf8Line(bytes: Uint8Array): number | null {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    if (b === 10) line++;
    i += need + 1;
  }
  return null;
}

/** Parses and checks the manifest; every problem is reported as "file:line: message". */
function readManifest(input: CorpusInput, errors: string[]): SourceMeta[] {
  const where = (line: number) => `${input.manifestPath}:${line}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.manifestText);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const lineCol = /line (\d+)/.exec(message);
    const line = position ? lineOf(input.manifestText, Number(position[1])) : lineCol ? Number(lineCol[1]) : 1;
    errors.push(`${where(line)}: the manifest is not valid JSON (${message})`);
    return [];
  }
  const list = (parsed as { sources?: unknown })?.sources;
  if (!Array.isArray(list)) {
    errors.push(`${where(1)}: the manifest needs a "sources" array`);
    return [];
  }
  const seen = new Map<string, number>();
  const out: SourceMeta[] = [];
  let searchFrom = 0;
  for (const [k, entry] of list.entries()) {
    const e = entry as Record<string, unknown>;
    const id = typeof e.id === 'string' ? e.id : null;
    const idAt = id ? input.manifestText.indexOf(`"${id}"`, searchFrom) : -1;
    if (idAt >= 0) searchFrom = idAt + 1;
    const line = idAt >= 0 ? lineOf(input.manifestText, idAt) : 1;
    const bad = (message: string) => errors.push(`${where(line)}: ${id ? `source "${id}"` : `source #${k + 1}`}: ${message}`);
    if (!id || !/^[\w.-]+$/.test(id)) {
      bad('needs an "id" made of letters, digits, "_", "-" or "." (the file name without .txt)');
      continue;
    }
    if (seen.has(id)) {
      bad(`duplicate id (first at line ${seen.get(id)})`);
      continue;
    }
    seen.set(id, line);
    for (const field of ['title', 'outlet', 'url'] as const) {
      if (e[field] !== null && typeof e[field] !== 'string') bad(`"${field}" must be a string or null (never invent it: null when the article does not state it)`);
    }
    if (e.published !== null && !isIsoDay(e.published)) {
      bad(`"published" must be a date as YYYY-MM-DD, or null; got ${JSON.stringify(e.published)}`);
    }
    const event = e.eventDate as { date?: unknown; label?: unknown } | null | undefined;
    if (event != null && (!isIsoDay(event.date) || typeof event.label !== 'string')) {
      bad('"eventDate" must be { "date": "YYYY-MM-DD", "label": "..." } or null');
    }
    if (typeof e.sha256 !== 'string' || !SHA.test(e.sha256)) bad('"sha256" must be 64 lower-case hex digits');
    out.push({
      id: id as SourceId,
      title: (e.title as string | null) ?? null,
      outlet: (e.outlet as string | null) ?? null,
      published: (e.published as string | null) ?? null,
      ...(event ? { eventDate: { date: String(event.date), label: String(event.label) } } : {}),
      url: (e.url as string | null) ?? null,
      sha256: String(e.sha256),
    });
  }
  return out;
}

/**
 * Builds the corpus: checks every source against the manifest (UTF-8, sha256, one entry per file),
 * extracts every quotation with the page scanner's own detection and attribution, groups the same quote
 * across sources, and keeps every sentence for unquoted carriers. Errors name the file and line.
 */
export function buildCorpus(input: CorpusInput): Result<CorpusFile, string[]> {
  const errors: string[] = [];
  const metas = readManifest(input, errors);
  if (errors.length && metas.length === 0) return { ok: false, error: errors }; // no manifest to check files against
  const texts = new Map<SourceId, string>();
  const listed = new Set(metas.map((m) => `${m.id}.txt`));
  for (const name of [...input.files.keys()].sort()) {
    if (!listed.has(name)) errors.push(`${input.dir}${name}:1: no entry for "${name.replace(/\.txt$/, '')}" in ${input.manifestPath}`);
  }
  for (const meta of metas) {
    const name = `${meta.id}.txt`;
    const bytes = input.files.get(name);
    if (!bytes) {
      errors.push(`${input.manifestPath}:${lineOf(input.manifestText, input.manifestText.indexOf(`"${meta.id}"`))}: source "${meta.id}" has no file ${input.dir}${name}`);
      continue;
    }
    const invalid = firstInvalidUtf8Line(bytes);
    if (invalid !== null) {
      errors.push(`${input.dir}${name}:${invalid}: not valid UTF-8 (save the file as UTF-8)`);
      continue;
    }
    const digest = input.sha256(bytes);
    if (SHA.test(meta.sha256) && digest !== meta.sha256) {
      const text = new TextDecoder().decode(bytes);
      errors.push(
        `${input.dir}${name}:${lineOf(text, text.length)}: sha256 ${digest} differs from the manifest's ${meta.sha256} ` +
          '(the file is truncated or corrupted, or changed without updating data/manifest.json)',
      );
      continue;
    }
    texts.set(meta.id, new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  }
  if (errors.length) return { ok: false, error: errors };

  const quotes: CorpusQuote[] = [];
  const passages: Passage[] = [];
  for (const meta of metas) {
    const extracted = extractSource(meta.id, texts.get(meta.id)!);
    addOccurrences(quotes, extracted.occurrences);
    passages.push(...extracted.passages);
  }
  for (const q of quotes) q.speaker = majoritySpeaker(q.occurrences);
  const version = input.sha256(new TextEncoder().encode(JSON.stringify({ CORPUS_FORMAT, metas, quotes, passages }))).slice(0, 16);
  return { ok: true, value: { format: CORPUS_FORMAT, version, sources: metas, quotes, passages } };
}

