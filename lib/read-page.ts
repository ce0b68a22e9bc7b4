// Reads a page's visible text in reading order into a TextDoc, with a map from text offsets back to DOM positions.
import { lastStartingAtOrBefore } from './search';
import { runInSlices, runToEnd } from './slices';
import type { Block, BlockKind, ElementQuote, TextDoc, Zone } from './text-doc';

/**
 * A run of doc.text that comes from one text node, character for character: text[textStart, textStart + length) =
 * node.data[nodeStart, …). A word, or as many words as the node has with single plain spaces between them.
 */
export interface Segment {
  node: Text;
  textStart: number;
  nodeStart: number;
  length: number;
}

/** A page read as text: the TextDoc every stage reads, and where each character came from. */
export interface PageText extends TextDoc {
  segments: Segment[];
  /** The text nodes already read, so that text arriving later is read once, on its own. */
  read: WeakSet<Node>;
}

// Elements whose text is never article text a reader sees, or that a reader types into.
const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON', 'SVG', 'svg', 'CANVAS',
  'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'HEAD', 'TITLE', 'META', 'LINK', 'MATH', 'DIALOG',
]);
// Elements that start a new block of text.
const BLOCKS = new Set([
  'P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'BLOCKQUOTE', 'ARTICLE', 'SECTION',
  'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'MAIN', 'FIGURE', 'FIGCAPTION', 'TABLE', 'TR', 'TD', 'TH', 'CAPTION', 'PRE',
  'ADDRESS', 'FORM', 'FIELDSET', 'DETAILS', 'SUMMARY', 'HR', 'BODY', 'HTML', 'CENTER',
]);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
// Page furniture: navigation, sidebars, comments, footers, banners. Their quotes are nobody's of ours.
const ASIDE_TAGS = new Set(['NAV', 'ASIDE']);
const ASIDE_ROLES = /^(?:navigation|complementary|contentinfo|banner|search|menu|menubar|dialog|alertdialog)$/;
const ASIDE_NAMES = /(?:^|[\s_-])(?:comments?|comment-list|comentarios?|disqus|replies|sidebar|side-bar|barra-lateral|rail|related|recommend\w*|most-read|mostread|trending|popular|newsletter|subscribe|cookie\w*|consent|banner|promo\w*|advert\w*|ads?|sponsor\w*|social|share|sharing|footer|site-footer|site-header|masthead|navbar|nav|menu|breadcrumbs?|outbrain|taboola|pull-?quote)(?:$|[\s_-])/i;
// What makes a text node more than words and single spaces: whitespace other than the plain space (what \s
// matches), characters never shown (soft hyphen, zero-width space and joiners, direction marks and isolates, word
// joiner, BOM), or two spaces in a row. (One character class and one literal: V8 scans that fastest.)
const NOT_PLAIN = /[\t-\r\u00A0\u00AD\u061C\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF]| {2}/;
// A node of whitespace only: the line breaks and indentation between elements, about half the nodes of a page.
const BLANK = /^\s+$/;
// A node's text in runs: words with the single spaces between them, as the node has them (1), other whitespace (2),
// or characters never shown (dropped). A run of (1) maps one to one onto the node, so it is one segment.
const RUNS = /([^\s\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+(?: [^\s\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+)*)|(\s+)|[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/g;

/** Options: what to leave out (our own UI), and how to tell whether an element is shown. */
export interface ReadOptions {
  skip?: (element: Element) => boolean;
  isHidden?: (element: Element) => boolean;
}

const computed = (element: Element) => element.ownerDocument.defaultView?.getComputedStyle(element);

/** Whether an element is hidden: the browser's own answer where it has one (checkVisibility). */
export function defaultIsHidden(element: Element): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const check = (element as Element & { checkVisibility?: () => boolean }).checkVisibility;
  // checkVisibility() is false for `display: contents`, which has no box of its own but shows its children.
  if (typeof check === 'function') return !check.call(element) && computed(element)?.display !== 'contents';
  const style = computed(element);
  return style?.display === 'none' || style?.visibility === 'hidden';
}

function isAside(element: Element, inArticle: boolean): boolean {
  const tag = element.tagName;
  if (ASIDE_TAGS.has(tag)) return true;
  // An article's own header and footer (byline, tags) belong to it; the page's do not.
  if ((tag === 'HEADER' || tag === 'FOOTER') && !inArticle) return true;
  const role = element.getAttribute('role');
  if (role && ASIDE_ROLES.test(role)) return true;
  const names = `${element.id} ${typeof element.className === 'string' ? element.className : ''}`;
  return names.length > 1 && ASIDE_NAMES.test(names);
}

function blockKind(tag: string): BlockKind {
  if (HEADINGS.has(tag)) return 'heading';
  if (tag === 'BLOCKQUOTE') return 'blockquote';
  if (tag === 'LI' || tag === 'DD' || tag === 'DT') return 'item';
  return 'paragraph';
}

/** Creates an empty PageText to read roots into. */
export function emptyPageText(): PageText {
  return { text: '', blocks: [], elementQuotes: [], segments: [], read: new WeakSet() };
}

/**
 * Reads `root` (a document body, or a subtree that arrived later) into `page`, appending blocks in reading
 * order; text nodes already read are passed over. It descends into open shadow roots (and their slots),
 * not into iframes (each frame reads its own document).
 * Returns how many characters it added.
 */
export function readInto(page: PageText, root: Node, options: ReadOptions = {}): number {
  return runToEnd(readSteps(page, root, options));
}

/**
 * The same as readInto, in slices of about `sliceMs` with `pause()` awaited between them, so that reading a
 * megabyte of page never holds the main thread for long. The page must not be read by anyone else meanwhile.
 */
export function readIntoInSlices(
  page: PageText, root: Node, options: ReadOptions, pause: () => Promise<void>, sliceMs = 8,
): Promise<number> {
  return runInSlices(readSteps(page, root, options), pause, sliceMs);
}

// How many nodes are visited between two chances to pause.
const NODES_PER_STEP = 256;

function* readSteps(page: PageText, root: Node, options: ReadOptions): Generator<void, number> {
  const isHidden = options.isHidden ?? defaultIsHidden;
  const skip = options.skip ?? (() => false);
  const before = page.text.length;

  // The text is built as a list of pieces joined once at the end: appending to one long string and asking
  // it for its last character made V8 flatten the whole string again and again (quadratic on a 1 MB page).
  const pieces: string[] = page.text.length ? [page.text, '\n'] : [];
  let length = page.text.length ? page.text.length + 1 : 0;
  const append = (piece: string) => {
    pieces.push(piece);
    length += piece.length;
  };
  let blockStart = length;
  let blockKindNow: BlockKind = 'paragraph';
  let blockZone: Zone = 'article';
  let pendingSpace = false;
  const blockquotes: Array<{ element: Element; start: number; end: number }> = [];

  // Spaces are written only between two runs of a block, so a block never ends with one.
  const closeBlock = () => {
    if (length > blockStart) {
      page.blocks.push({ start: blockStart, end: length, kind: blockKindNow, zone: blockZone } satisfies Block);
      append('\n');
    }
    blockStart = length;
    pendingSpace = false;
  };
  const openBlock = (kind: BlockKind, zone: Zone) => {
    closeBlock();
    blockKindNow = kind;
    blockZone = zone;
  };
  const addText = (node: Text) => {
    const data = node.data;
    if (!NOT_PLAIN.test(data)) {
      // The common case: words and single spaces, perhaps a space at either end. One segment, the node's own text.
      const last = data.length - 1;
      const from = data.charCodeAt(0) === 32 ? 1 : 0;
      const to = last >= 0 && data.charCodeAt(last) === 32 ? last : last + 1;
      if (from >= to) {
        if (last >= 0) pendingSpace = true;
        return;
      }
      if ((from || pendingSpace) && length > blockStart) append(' ');
      page.segments.push({ node, textStart: length, nodeStart: from, length: to - from });
      append(from === 0 && to === last + 1 ? data : data.slice(from, to));
      pendingSpace = to <= last;
      return;
    }
    if (BLANK.test(data)) {
      pendingSpace = true;
      return;
    }
    RUNS.lastIndex = 0;
    for (let m = RUNS.exec(data); m; m = RUNS.exec(data)) {
      const run = m[1];
      if (run === undefined) {
        // whitespace (collapsed, as the page shows it) or an invisible character (dropped)
        if (m[2] !== undefined) pendingSpace = true;
        continue;
      }
      if (pendingSpace && length > blockStart) append(' ');
      pendingSpace = false;
      page.segments.push({ node, textStart: length, nodeStart: m.index, length: run.length });
      append(run);
    }
  };

  // An explicit stack (not recursion): deeply nested markup must not overflow the call stack.
  type Frame = { node: Node; zone: Zone; inArticle: boolean; kind: BlockKind; exit?: () => void };
  const rootZone = ((): Zone => {
    for (let n = root.parentNode; n; n = n.parentNode) if (n instanceof Element && isAside(n, false)) return 'aside';
    return 'article';
  })();
  openBlock('paragraph', rootZone);
  const stack: Frame[] = [{ node: root, zone: rootZone, inArticle: false, kind: 'paragraph' }];
  for (let visited = 1; stack.length; visited++) {
    if (visited % NODES_PER_STEP === 0) yield;
    const frame = stack.pop()!;
    if (frame.exit) {
      frame.exit();
      continue;
    }
    const { node } = frame;
    if (node.nodeType === 3) {
      if (!page.read.has(node)) {
        page.read.add(node);
        addText(node as Text);
      }
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11 && node.nodeType !== 9) continue;
    let zone = frame.zone;
    let inArticle = frame.inArticle;
    let kind = frame.kind;
    let element: Element | null = null;
    if (node.nodeType === 1) {
      element = node as Element;
      const tag = element.tagName.toUpperCase();
      if (SKIP.has(tag) || skip(element) || element.hasAttribute('contenteditable') && element.getAttribute('contenteditable') !== 'false') continue;
      if (isHidden(element)) continue;
      if (tag === 'BR') {
        pendingSpace = true;
        continue;
      }
      if (tag === 'ARTICLE' || tag === 'MAIN' || element.getAttribute('itemprop') === 'articleBody') inArticle = true;
      if (zone === 'article' && isAside(element, inArticle)) zone = 'aside';
      if (BLOCKS.has(tag)) {
        if (tag !== 'DIV' || kind === 'paragraph') kind = blockKind(tag);
        openBlock(kind, zone);
        const blockTag = tag;
        const quoteStart = length;
        stack.push({
          node, zone, inArticle, kind,
          exit: () => {
            if (blockTag === 'BLOCKQUOTE') {
              closeBlock();
              const end = page.blocks.length ? page.blocks.at(-1)!.end : length;
              if (end > quoteStart) blockquotes.push({ element: element!, start: quoteStart, end });
            } else openBlock(frame.kind, frame.zone);
          },
        });
      } else if (tag === 'Q') {
        const qStart = length + (pendingSpace && length > blockStart ? 1 : 0);
        stack.push({ node, zone, inArticle, kind, exit: () => page.elementQuotes.push({ kind: 'q', start: qStart, end: length }) });
      }
    }
    // Children in reverse, so that they pop in order; an open shadow root replaces the light children it renders.
    const shadow = element && (element as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
    let children: ArrayLike<Node> = shadow ? shadow.childNodes : node.childNodes;
    if (element && element.tagName === 'SLOT') {
      const assigned = (element as HTMLSlotElement).assignedNodes?.({ flatten: true }) ?? [];
      if (assigned.length) children = assigned;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, zone, inArticle, kind });
  }
  closeBlock();
  if (pieces.at(-1) === '\n') pieces.pop();
  const text = pieces.join('');
  if (text.length > before) page.text = text;
  for (const b of blockquotes) recordBlockquote(page, b.element, b.start, b.end, page.text);
  return page.text.length - before;
}

// A line that credits the quote: "— Claudia Sheinbaum", a <cite> or a <footer>.
function recordBlockquote(page: PageText, element: Element, start: number, end: number, text: string): void {
  if (end <= start) return;
  let attribution: ElementQuote['attribution'];
  const credit = element.querySelector('footer, cite, figcaption');
  if (credit) {
    let seg: Segment | undefined;
    for (let k = lastStartingAtOrBefore(page.segments, start, (x) => x.textStart); k < page.segments.length; k++) {
      const candidate = page.segments[k]!;
      if (candidate.textStart >= end) break;
      if (candidate.textStart >= start && credit.contains(candidate.node)) {
        seg = candidate;
        break;
      }
    }
    if (seg) attribution = { start: seg.textStart, end };
  }
  if (!attribution) {
    const dash = /(?:^|\n|\s)[\u2014\u2015\u2013-]{1,2}\s*\p{Lu}[^\n]*$/u.exec(text.slice(start, end));
    if (dash) attribution = { start: start + dash.index + (dash[0].startsWith('\n') || /^\s/.test(dash[0]) ? 1 : 0), end };
  }
  page.elementQuotes.push({ kind: 'blockquote', start, end, ...(attribution ? { attribution } : {}) });
}

/** Reads a whole document (its body) into a new PageText. */
export function readPage(doc: Document, options: ReadOptions = {}): PageText {
  const page = emptyPageText();
  if (doc.body) readInto(page, doc.body, options);
  return page;
}

/** The DOM position of a text offset (the start of the character at `offset`, or just after it with `end`). */
export function domPosition(page: PageText, offset: number, end = false): { node: Text; offset: number } | null {
  const segs = page.segments;
  if (segs.length === 0) return null;
  const seg = segs[lastStartingAtOrBefore(segs, end ? offset - 1 : offset, (s) => s.textStart)]!;
  let within = Math.min(seg.length, Math.max(0, offset - seg.textStart));
  // An end just after a space between two words ends where the word before it does, whether that space is a
  // collapsed run between segments or a single space inside one.
  if (end && within > 0 && within < seg.length && page.text.charCodeAt(offset - 1) === 32) within--;
  return { node: seg.node, offset: seg.nodeStart + within };
}

/** The DOM ranges that hold text[start, end): one per contiguous run, in a form `document.createRange` takes. */
export function domRange(page: PageText, start: number, end: number, doc: Document): Range | null {
  const a = domPosition(page, start);
  const b = domPosition(page, end, true);
  if (!a || !b) return null;
  const range = doc.createRange();
  try {
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
  } catch {
    return null; // the page removed or changed the node since it was read
  }
  return range;
}
