// The protocol on the wire (lib/model/protocol.ts): requests to the background and to a tab's content script, and
// the one listener per direction that answers them, each wrapping its handlers' outcomes in the protocol's envelope.
import { browser } from 'wxt/browser';
import {
  dispatch, dispatchTab, isMessage, request, requestTab, type Handlers, type Replies, type RequestType, type Requests,
  type TabHandlers, type TabMessage, type TabReplies, type TabRequests, type TabRequestType,
} from '@/lib/model/protocol';

/** Sends a request to the background service worker and returns its reply (throws its error). */
export function askBackground<K extends RequestType>(type: K, fields: Requests[K]): Promise<Replies[K]> {
  return request((message) => browser.runtime.sendMessage(message), type, fields);
}

/** Sends a request to a tab's content script: one frame, or every frame (the first answer counts). */
export function askTab<K extends TabRequestType>(tabId: number, type: K, fields: TabRequests[K], frameId?: number): Promise<TabReplies[K]> {
  const send = (message: TabMessage) => browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId });
  return requestTab(send, type, fields);
}

/** Answers the background's requests with `handlers` (the service worker's one listener). */
export function serveBackground(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse?: (reply: unknown) => void) => {
    if (!isMessage(message, handlers)) return undefined;
    const reply = dispatch(handlers, message, { tabId: sender.tab?.id, frameId: sender.frameId });
    if (typeof sendResponse !== 'function') return reply;
    void reply.then(sendResponse);
    return true; // keeps the channel open for the asynchronous answer (Chrome and Firefox alike)
  });
}

/**
 * Answers a content script's tab requests with `handlers`, until the returned function removes the listener.
 * Answers go through sendResponse: an answer given at once is sent at once, a silent handler sends nothing (so that
 * the frame that has something to say is the one whose answer arrives), a promise keeps the channel open.
 */
export function serveTab(handlers: TabHandlers): () => void {
  const listener = (message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void): true | undefined => {
    const answer = dispatchTab(handlers, message);
    if (answer === undefined) return undefined;
    if (answer instanceof Promise) {
      void answer.then(sendResponse);
      return true;
    }
    sendResponse(answer);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
