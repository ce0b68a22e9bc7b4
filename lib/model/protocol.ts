// The one typed protocol between the content script, the popup and the background service worker.
import type { ExtractedPage, UserSourceSummary } from '@/lib/model/reader-sources';
import type { ScannedQuote } from '@/lib/model/types';
import type { PageQuote, QuoteMatch, SpeakerId } from '@/lib/model/types';

/** Whether the bundled corpus is in the database yet, and how many sources it holds. */
export type CorpusStatus =
  | { state: 'loading' }
  | { state: 'ready'; version: string; sources: number; quotes: number }
  | { state: 'failed'; error: string };

/** Every request a page or the popup sends to the background, keyed by `type`. */
export interface Requests {
  /** Check one text; `speaker` is whom a page gives it to (one- and two-word texts then match only that speaker). */
  lookup: { text: string; speaker?: SpeakerId | null };
  /** The corpus state, so the popup can say "loading" instead of "no match". */
  'corpus-status': Record<string, never>;
  /** A content script's scan of its frame: all its quotes in one message (not one per quote). */
  scan: {
    url: string;
    quotes: ScannedQuote[];
    /** A frame's best knowledge of the top page's URL. */
    topUrl?: string;
    /** The frame found more quotes than it sent (more than a report can hold). */
    truncated?: boolean;
  };
  /** "Add this page to my sources": the background asks the tab for its article and keeps it (refused in a private window). */
  'add-source': { tabId: number };
  /** The reader's own sources, most recently added first. */
  'list-sources': Record<string, never>;
  /** Removes one of the reader's own sources. */
  'remove-source': { id: string };
}

/** The background's answer to each request. */
export interface Replies {
  lookup: { match: QuoteMatch | null; searched: { sources: number } };
  'corpus-status': CorpusStatus;
  /** For each scanned quote, in order: what the report holds for it, or null when it is not reported. */
  scan: { quotes: Array<PageQuote | null>; searched: { sources: number } };
  'add-source': UserSourceSummary;
  'list-sources': UserSourceSummary[];
  'remove-source': { removed: boolean };
}

/** Who sent a request: the tab and frame of a content script (none for the popup). */
export interface Sender {
  tabId?: number;
  frameId?: number;
}

export type RequestType = keyof Requests;
/** A request on the wire: its type and its fields. */
export type Message = { [K in RequestType]: { type: K } & Requests[K] }[RequestType];

/** What crosses the wire back: the reply, or an error message (a thrown handler never leaves the caller hanging). */
export type Envelope<K extends RequestType> = { ok: true; value: Replies[K] } | { ok: false; error: string };

/** A background handler per request type: plain functions that tests call directly. */
export type Handlers = { [K in RequestType]: (request: Requests[K], sender: Sender) => Promise<Replies[K]> };

/** Sends a request through `send` (runtime.sendMessage in the extension) and unwraps the envelope. */
export async function request<K extends RequestType>(
  send: (message: Message) => Promise<unknown>,
  type: K,
  fields: Requests[K],
): Promise<Replies[K]> {
  const envelope = (await send({ type, ...fields } as Message)) as Envelope<K> | undefined;
  if (!envelope) throw new Error(`QuoteTrail: no answer to "${type}" (the background is not listening)`);
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value;
}

/** True for a message of our protocol (anything else on runtime messaging is ignored). */
export function isMessage(value: unknown, handlers: Handlers): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
    && Object.hasOwn(handlers, (value as { type: string }).type);
}

/** What an error says, whatever was thrown (an Error's message, else the value as text): what an envelope carries. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the handler for `message` and wraps its outcome in an envelope. */
export async function dispatch(handlers: Handlers, message: Message, sender: Sender = {}): Promise<Envelope<RequestType>> {
  try {
    const handler = handlers[message.type] as (request: Message, sender: Sender) => Promise<Replies[RequestType]>;
    return { ok: true, value: await handler(message, sender) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/** Messages the popup and the background send to a tab's content script (tabs.sendMessage), keyed by `type`. */
export interface TabRequests {
  /** Scroll to this frame's quote number `index` (its place among the frame's quotes in the report) and flash it. */
  'flash-quote': { index: number };
  /** The text selected in the frame; a frame with nothing selected does not answer (so that one that has can). */
  'get-selection': Record<string, never>;
  /** Scan the page now, even with automatic scanning off (never on a paused site). Every frame scans; the top frame answers. */
  'scan-now': Record<string, never>;
  /** The article for "Add this page to my sources" (the top frame answers: send with `{ frameId: 0 }`). */
  'extract-page': Record<string, never>;
  /** Whether the page's scan is still under way or failed (the popup asks while the tab has no report; top frame). */
  'scan-state': Record<string, never>;
}

/** The content script's answer to each of them. */
export interface TabReplies {
  'flash-quote': { found: boolean };
  'get-selection': { text: string };
  'scan-now': { scanned: true; quotes: number } | { scanned: false; reason: 'paused' };
  'extract-page': ExtractedPage;
  'scan-state': { state: 'working' } | { state: 'failed'; error: string };
}

/** A message to a content script on the wire. */
export type TabMessage = { [K in keyof TabRequests]: { type: K } & TabRequests[K] }[keyof TabRequests];

export type TabRequestType = keyof TabRequests;

/** Sends a request to a tab through `send` (browser.tabs.sendMessage bound to the tab) and unwraps the envelope. */
export async function requestTab<K extends TabRequestType>(
  send: (message: TabMessage) => Promise<unknown>,
  type: K,
  fields: TabRequests[K],
): Promise<TabReplies[K]> {
  const envelope = (await send({ type, ...fields } as TabMessage)) as TabEnvelope<K> | undefined;
  if (!envelope) throw new Error(`QuoteTrail: no answer to "${type}" (the page has no QuoteTrail content script)`);
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value;
}

/** What crosses the wire back from a content script: the reply, or an error message. */
export type TabEnvelope<K extends TabRequestType> = { ok: true; value: TabReplies[K] } | { ok: false; error: string };

/**
 * A content script's handler per tab request it answers: the reply (at once, or a promise of it), or undefined
 * to stay silent (a frame with nothing to say, so that the frame that has can answer).
 */
export type TabHandlers = { [K in TabRequestType]?: (request: TabRequests[K]) => TabReplies[K] | Promise<TabReplies[K]> | undefined };

/**
 * Runs the handler for a tab message and wraps its outcome in an envelope: undefined when no handler answers (not
 * ours, no handler here, or a silent one), the envelope itself for an answer given at once, a promise of it otherwise.
 */
export function dispatchTab(
  handlers: TabHandlers, message: unknown,
): TabEnvelope<TabRequestType> | Promise<TabEnvelope<TabRequestType>> | undefined {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
  const handler = handlers[type as TabRequestType] as ((request: TabMessage) => unknown) | undefined;
  let reply: unknown;
  try {
    reply = handler?.(message as TabMessage);
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
  if (reply === undefined) return undefined;
  if (reply instanceof Promise) {
    return reply.then(
      (value): TabEnvelope<TabRequestType> => ({ ok: true, value: value as TabReplies[TabRequestType] }),
      (error: unknown): TabEnvelope<TabRequestType> => ({ ok: false, error: errorMessage(error) }),
    );
  }
  return { ok: true, value: reply as TabReplies[TabRequestType] };
}
