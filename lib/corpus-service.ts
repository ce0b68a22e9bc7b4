// The background's corpus service: loads the bundled corpus when it changes, and answers lookups.
import type { CorpusFile } from './corpus';
import { createDbReader, loadCorpus, type QuoteTrailDb } from './corpus-db';
import { lookupQuote } from './lookup';
import type { CorpusStatus, Handlers } from './protocol';

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

/** The corpus service: `ready` settles once the database holds the bundled corpus. */
export interface CorpusService {
  /** Loads the bundled corpus if the database holds another version (or none). */
  ensure(): Promise<CorpusStatus>;
  status(): CorpusStatus;
  handlers: Handlers;
}

/** Creates the service over a database and the bundled files. */
export function createCorpusService(db: QuoteTrailDb, files: CorpusFiles): CorpusService {
  let state: CorpusStatus = { state: 'loading' };
  let pending: Promise<CorpusStatus> | null = null;
  const reader = createDbReader(db);

  const load = async (): Promise<CorpusStatus> => {
    try {
      const [bundled, stored] = await Promise.all([files.meta(), db.meta.get('corpus')]);
      let meta = stored;
      if (!meta || meta.version !== bundled.version) meta = await loadCorpus(db, await files.corpus());
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
        const match = await lookupQuote(reader, text, speaker ?? null);
        return { match, searched: { sources: await reader.sourceCount() } };
      },
      async 'corpus-status'() {
        void ensure();
        return state;
      },
    },
  };
}
