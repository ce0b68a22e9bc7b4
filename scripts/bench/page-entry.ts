// Bundled (esbuild, IIFE) and added to a bench page: the scan stages the content script runs, and the floors
// they are measured against, all timed inside the page.
import { scanDocument } from '@/lib/pipeline/attribute';
import { emptyPageText, readInto } from '@/lib/page/read-page';

// Any character that can open or close a quotation (what detect-quotes looks for).
const QUOTE_MARKS = /["'\u201C\u201D\u201E\u2018\u2019\u201A\u00AB\u00BB]/g;

/** One timed step: its duration and what it saw (so that a run that did nothing shows). */
export interface StepResult {
  ms: number;
  /** Text nodes walked (floors) or quotes found (scan). */
  count: number;
  chars: number;
  /** For the scan: readInto and scanDocument apart. */
  readMs?: number;
  attributeMs?: number;
  /** For floor B: quotation marks found and mapped to their node. For floor C: elements asked whether shown. */
  marks?: number;
}

/** The steps the bench times. */
export type Step = 'floorA' | 'floorB' | 'floorC' | 'scan';

/** Floor A: a bare TreeWalker over every text node, their data joined. */
function floorA(root: Node): StepResult {
  const t0 = performance.now();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push((n as Text).data);
  const text = parts.join('');
  return { ms: performance.now() - t0, count: parts.length, chars: text.length };
}

/** Floor B: floor A, plus an offset array per node and a quote-mark regex whose hits are mapped back to nodes. */
function floorB(root: Node): StepResult {
  const t0 = performance.now();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  const nodes: Text[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const data = (n as Text).data;
    nodes.push(n as Text);
    starts.push(offset);
    parts.push(data);
    offset += data.length;
  }
  const text = parts.join('');
  let marks = 0;
  QUOTE_MARKS.lastIndex = 0;
  for (let m = QUOTE_MARKS.exec(text); m; m = QUOTE_MARKS.exec(text)) {
    // Binary search: the node that holds this mark (what a highlight needs).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= m.index) lo = mid;
      else hi = mid - 1;
    }
    if (nodes[lo]) marks++;
  }
  return { ms: performance.now() - t0, count: nodes.length, chars: text.length, marks };
}

const BLANK = /^\s+$/;

/**
 * Floor C: the least that a reader of *visible* text does, and no more. Every node visited (elements too), each
 * text node's data read, and each element that holds text asked once whether it is shown (`checkVisibility()` covers
 * its ancestors, so the elements around it need no asking); the shown text joined. No blocks, zones, offsets or
 * quotation marks: whatever a scan does beyond reading hidden text as if it were shown costs more than this.
 */
function floorC(root: Node): StepResult {
  const t0 = performance.now();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  const shown = new Map<Node, boolean>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType !== 3) continue;
    const data = (n as Text).data;
    if (BLANK.test(data)) continue;
    const parent = n.parentNode as Element;
    let visible = shown.get(parent);
    if (visible === undefined) {
      visible = parent.checkVisibility();
      shown.set(parent, visible);
    }
    if (visible) parts.push(data);
  }
  const text = parts.join(' ');
  return { ms: performance.now() - t0, count: parts.length, chars: text.length, marks: shown.size };
}

/** The full scan, as the content script does it: readInto then scanDocument. */
function fullScan(root: Node): StepResult {
  const t0 = performance.now();
  const page = emptyPageText();
  readInto(page, root);
  const t1 = performance.now();
  const found = scanDocument(page);
  const t2 = performance.now();
  return { ms: t2 - t0, readMs: t1 - t0, attributeMs: t2 - t1, count: found.length, chars: page.text.length };
}

/** Times one step over the document body (after a GC when the page may call one, so runs start alike). */
function run(step: Step): StepResult {
  (globalThis as { gc?: () => void }).gc?.();
  const root = document.body;
  return step === 'floorA' ? floorA(root) : step === 'floorB' ? floorB(root) : step === 'floorC' ? floorC(root) : fullScan(root);
}

/** What the page gets as `window.__qt`. */
export const api = { emptyPageText, readInto, scanDocument, run };
export type QtApi = typeof api;

(globalThis as unknown as { __qt: QtApi }).__qt = api;
