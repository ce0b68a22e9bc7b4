// The popup page: renders CheckQuote and wires it to the background over runtime messaging.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { CheckQuote } from '@/components/CheckQuote';
import { request, type Message } from '@/lib/protocol';
import './style.css';

/** Mounts the panel; `?check=<text>` opens it with that text already checked (e.g. from a page's card). */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('QuoteTrail popup: #app is missing from popup.html');
  const initialText = new URLSearchParams(location.search).get('check') ?? '';
  const send = (message: Message) => browser.runtime.sendMessage(message);
  render(
    <CheckQuote
      lookup={(text) => request(send, 'lookup', { text })}
      status={() => request(send, 'corpus-status', {})}
      initialText={initialText}
    />,
    root,
  );
}

main();
