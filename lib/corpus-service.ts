// The background's corpus service: loads the bundled corpus when it changes, and answers lookups.
import type { CorpusFile } from './corpus';
import { createDbReader, loadCorpus, type QuoteTrailDb } from './corpus-db';
import { lookupQuote } from './lookup';
import type { CorpusStatus, Handlers } from './protocol';
import { mergeReport, toPageQuote, worthLooking, type StoredReport } from './report';
import type { QuoteMatch, SpeakerId } from './types';

/** The small file beside corpus.json that says which corpus the extension bundles. */
export interface CorpusMeta {
  format: number;
  version: string;
  sources: number;
  quotes: number;
}

/** Where the service gets the bundled files (the extension's own files; a fake in tests). */
export interface CorpusFiles {
  meta(): Promise<CorpusMeta>;
  corpus(): Promise<CorpusFile>;
}

/** Where tab reports go (storage.session under `report:<tabId>`, and the badge, in the extension). */
export interface ReportStore {
  get(tabId: number): Promise<StoredReport | undefined>;
  set(tabId: number, report: StoredReport): Promise<void>;
}

/** Lookups a busy page repeats (the same quotes on every rescan) are remembered, up to this many. */
export const LOOKUP_MEMO_SIZE = 2000;

/** The corpus service: `ready` settles once the database holds the bundled corpus. */
export interface CorpusService {
  /** Loads the bundled corpus if the database holds another version (or none). */
  ensure(): Promise<CorpusStatus>;
  status(): CorpusStatus;
  handlers: Handlers;
}

/** Creates the service over a database and the bundled files. */
export function createCorpusService(db: QuoteTrailDb, files: CorpusFiles, reports?: ReportStore): CorpusService {
  let state: CorpusStatus = { state: 'loading' };
  const memo = new Map<string, QuoteMatch | null>();
  const lookup = async (text: string, speaker: SpeakerId | null) => {
    const key = `${speaker ?? ''}\u0000${text}`;
    if (memo.has(key)) return memo.get(key)!;
    const match = await lookupQuote(reader, text, speaker);
    if (memo.size >= LOOKUP_MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, match);
    return match;
  };
  // One report write at a time per tab: frames of one page report concurrently.
  const queues = new Map<number, Promise<unknown>>();
  const serially = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(tabId) ?? Promise.resolve()).then(work, work);
    queues.set(tabId, next.catch(() => undefined));
    return next;
  };
  let pending: Promise<CorpusStatus> | null = null;
  const reader = createDbReader(db);

  const load = async (): Promise<CorpusStatus> => {
    try {
      const [bundled, stored] = await Promise.all([files.meta(), db.meta.get('corpus')]);
      let meta = stored;
      if (!meta || meta.version !== bundled.version) {
        meta = await loadCorpus(db, await files.corpus());
        memo.clear();
      }
      state = { state: 'ready', version: meta.version, sources: meta.sources, quotes: meta.quotes };
    } catch (error) {
      state = { state: 'failed', error: `The bundled corpus could not be loaded: ${error instanceof Error ? error.message : String(error)}` };
      pending = null; // let the next request try again
    }
    return state;
  };
  const ensure = () => (pending ??= load());
  const ready = async () => {
    const s = await ensure();
    if (s.state === 'failed') throw new Error(s.error);
  };

  return {
    ensure,
    status: () => state,
    handlers: {
      async lookup({ text, speaker }) {
        await ready();
        const match = await lookup(text, speaker ?? null);
        return { match, searched: { sources: await reader.sourceCount() } };
      },
      async scan({ url, quotes, topUrl }, sender) {
        await ready();
        const results = [];
        for (const q of quotes) results.push(worthLooking(q) ? toPageQuote(q, await lookup(q.text, q.speaker)) : null);
        const tabId = sender.tabId;
        if (reports && tabId !== undefined) {
          const scanned = results.filter((r) => r !== null);
          await serially(tabId, async () => {
            const report = mergeReport(await reports.get(tabId), {
              url, frameId: sender.frameId ?? 0, quotes: scanned, scannedAt: new Date().toISOString(),
              ...(topUrl ? { topUrl } : {}),
            });
            await reports.set(tabId, report);
          });
        }
        return { quotes: results, searched: { sources: await reader.sourceCount() } };
      },
      async 'corpus-status'() {
        void ensure();
        return state;
      },
    },
  };
}
