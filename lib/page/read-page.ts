// Reads a page's visible text in reading order into a TextDoc, with a map from text offsets back to DOM positions.
import { lastStartingAtOrBefore } from '@/lib/pipeline/binary-search';
import { runInSlices, runToEnd } from '@/lib/pipeline/slices';
import type { Block, BlockKind, ElementQuote, TextDoc, Zone } from '@/lib/pipeline/text-doc';

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
  read: ReadNodes;
}

/**
 * The text nodes a page has read: listed by its first read (a list is far cheaper to fill than a set), moved into
 * a set when a later read has to pass them over.
 */
export interface ReadNodes {
  list: Node[];
  set: WeakSet<Node> | null;
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

/** Options: what to leave out (our own UI), and how to tell whether an element is shown. */
export interface ReadOptions {
  skip?: (element: Element) => boolean;
  isHidden?: (element: Element) => boolean;
}

const computed = (element: Element) => element.ownerDocument.defaultView?.getComputedStyle(element);

/** Whether an element is hidden: the browser's own answer where it has one (checkVisibility). */
export function defaultIsHidden(element: Element): boolean {
  return isHiddenWith(element, attributesOf(element));
}

function isAside(element: Element, inArticle: boolean): boolean {
  return isAsideWith(element, flagsOf(element.tagName), attributesOf(element), inArticle);
}

function blockKind(tag: string): BlockKind {
  if (HEADINGS.has(tag)) return 'heading';
  if (tag === 'BLOCKQUOTE') return 'blockquote';
  if (tag === 'LI' || tag === 'DD' || tag === 'DT') return 'item';
  return 'paragraph';
}

/** The nodes read so far as a set (moved out of the list the first read fills, once). */
function readSet(read: ReadNodes): WeakSet<Node> {
  if (!read.set) {
    read.set = new WeakSet(read.list);
    read.list = [];
  }
  return read.set;
}

/** Whether `node` was read into `page`. */
export function wasRead(page: PageText, node: Node): boolean {
  return readSet(page.read).has(node);
}

/** Creates an empty PageText to read roots into. */
export function emptyPageText(): PageText {
  return { text: '', blocks: [], elementQuotes: [], segments: [], read: { list: [], set: null } };
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

// What the reader does with an element, by tag name (the name as the DOM gives it: upper case in HTML documents).
const IS_SKIPPED = 1;
const IS_BLOCK = 2;
const IS_BR = 4;
const IS_Q = 8;
const IS_ARTICLE = 16; // ARTICLE, MAIN
const IS_ASIDE = 32; // NAV, ASIDE
const IS_HEADER_FOOTER = 64;
const IS_SLOT = 128;
const IS_BLOCKQUOTE = 256;
const IS_DIV = 512;
// Only custom elements and these can host a shadow root (attachShadow and declarative shadow DOM refuse the rest),
// so only these are asked for one.
const SHADOW_HOSTS = new Set([
  'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DIV', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'MAIN', 'NAV', 'P',
  'SECTION', 'SPAN',
]);
const MAY_HOST_SHADOW = 1024;
// What an element does even when it is empty: ends a block, a line, or a quotation; shows what a slot is given.
const HAS_EFFECT = IS_BLOCK | IS_BR | IS_Q | IS_SLOT;
// A block's kind, in the two bits above the flags.
const KIND_SHIFT = 11;
const KINDS: BlockKind[] = ['paragraph', 'heading', 'blockquote', 'item'];
const tagFlags = new Map<string, number>();

/** An element's tag flags, worked out once per tag name. */
function flagsOf(tagName: string): number {
  let flags = tagFlags.get(tagName);
  if (flags !== undefined) return flags;
  const tag = tagName.toUpperCase();
  flags = (SKIP.has(tag) ? IS_SKIPPED : 0) | (tag === 'BR' ? IS_BR : 0) | (tag === 'Q' ? IS_Q : 0)
    | (tag === 'ARTICLE' || tag === 'MAIN' ? IS_ARTICLE : 0)
    // Upper-cased like the rest: an XHTML document gives names in lower case, and its <nav> is furniture all the same.
    | (ASIDE_TAGS.has(tag) ? IS_ASIDE : 0) | (tag === 'HEADER' || tag === 'FOOTER' ? IS_HEADER_FOOTER : 0)
    | (tag === 'SLOT' ? IS_SLOT : 0)
    | (tag === 'BLOCKQUOTE' ? IS_BLOCKQUOTE : 0) | (tag === 'DIV' ? IS_DIV : 0)
    | (SHADOW_HOSTS.has(tag) || tag.includes('-') ? MAY_HOST_SHADOW : 0);
  if (BLOCKS.has(tag)) flags |= IS_BLOCK | (KINDS.indexOf(blockKind(tag)) << KIND_SHIFT);
  tagFlags.set(tagName, flags);
  return flags;
}

// The attributes the reader looks at, found in one call (most elements have none, or only href or class).
const HAS_CONTENTEDITABLE = 1;
const HAS_HIDDEN = 2;
const HAS_ARIA_HIDDEN = 4;
const HAS_ITEMPROP = 8;
const HAS_ROLE = 16;
const HAS_ID_OR_CLASS = 32;
const ATTRIBUTES = new Map<string, number>([
  ['contenteditable', HAS_CONTENTEDITABLE], ['hidden', HAS_HIDDEN], ['aria-hidden', HAS_ARIA_HIDDEN], ['itemprop', HAS_ITEMPROP],
  ['role', HAS_ROLE], ['id', HAS_ID_OR_CLASS], ['class', HAS_ID_OR_CLASS],
]);

/** Which of the attributes the reader looks at an element has. */
function attributesOf(element: Element): number {
  if (!element.hasAttributes()) return 0;
  let found = 0;
  for (const name of element.getAttributeNames()) found |= ATTRIBUTES.get(name) ?? 0;
  return found;
}

// What makes a text node more than words and single spaces: whitespace other than the plain space (what \s
// matches), characters never shown (soft hyphen, zero-width space and joiners, direction marks and isolates, word
// joiner, BOM), or two spaces in a row. (One character class and one literal: V8 scans that fastest.)
const NOT_PLAIN = /[\t-\r\u00A0\u00AD\u061C\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF]| {2}/;
// A node of whitespace only: the line breaks and indentation between elements, about half the nodes of a page.
const BLANK = /^\s+$/;
// A node's text in runs: words with the single spaces between them, as the node has them (1), other whitespace (2),
// or characters never shown (dropped). A run of (1) maps one to one onto the node, so it is one segment.
const RUNS = /([^\s\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+(?: [^\s\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+)*)|(\s+)|[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/g;

// An element whose children are being read: what to do when they are done, and the reading state to return to.
interface Level {
  exit: number;
  element: Element | null;
  start: number;
  zone: Zone;
  inArticle: boolean;
  kind: BlockKind;
}
const EXIT_NONE = 0;
const EXIT_BLOCK = 1;
const EXIT_BLOCKQUOTE = 2;
const EXIT_Q = 3;

// Marks, on the stack of nodes to visit, the end of an element's children.
const END_OF_CHILDREN = {};

/** A read under way: what it has built so far, and the nodes it has still to visit. */
interface Reading {
  page: PageText;
  isHidden: ((element: Element) => boolean) | undefined;
  skip: ((element: Element) => boolean) | undefined;
  /** The text nodes read before, to pass over; null on a page's first read, which can have met none of them. */
  readBefore: WeakSet<Node> | null;
  before: number;
  /**
   * The text, as a list of pieces joined once at the end: appending to one long string and asking it for its
   * last character made V8 flatten the whole string again and again (quadratic on a 1 MB page).
   */
  pieces: string[];
  length: number;
  blockStart: number;
  blockKind: BlockKind;
  blockZone: Zone;
  /** Spaces are written only between two runs of a block, so a block never ends with one. */
  pendingSpace: boolean;
  /** The reading state of the children being visited: which zone, whether inside an article, which kind of block. */
  zone: Zone;
  inArticle: boolean;
  kind: BlockKind;
  /**
   * An explicit stack (not recursion): deeply nested markup must not overflow the call stack. Children are pushed
   * last first, so that they pop in order; an element that changes the reading state, or must act once its
   * children are read, pushes END_OF_CHILDREN below them and a Level that says what to do.
   */
  stack: Array<Node | typeof END_OF_CHILDREN>;
  levels: Level[];
  depth: number;
  blockquotes: Array<{ element: Element; start: number; end: number }>;
}

function* readSteps(page: PageText, root: Node, options: ReadOptions): Generator<void, number> {
  const reading = startReading(page, root, options);
  // The generator only pauses: the reading is a plain function, which V8 optimizes far better than a generator.
  while (!readSome(reading, NODES_PER_STEP)) yield;
  return finishReading(reading);
}

function startReading(page: PageText, root: Node, options: ReadOptions): Reading {
  const before = page.text.length;
  const length = before ? before + 1 : 0;
  let zone: Zone = 'article';
  for (let n = root.parentNode; n; n = n.parentNode) {
    if (n instanceof Element && isAside(n, false)) {
      zone = 'aside';
      break;
    }
  }
  // The first read lists the nodes it reads (cheap); a later read puts them in a set, to pass them over.
  const readBefore = page.read.list.length ? readSet(page.read) : page.read.set;
  return {
    page, isHidden: options.isHidden, skip: options.skip, readBefore, before,
    pieces: before ? [page.text, '\n'] : [], length, blockStart: length, blockKind: 'paragraph', blockZone: zone,
    pendingSpace: false, zone, inArticle: false, kind: 'paragraph', stack: [root], levels: [], depth: 0, blockquotes: [],
  };
}

/** Ends the open block (when it holds text): records it and writes the line break after it. Returns the new length. */
function closeBlock(r: Reading, blockStart: number, end: number): number {
  if (end <= blockStart) return end;
  r.page.blocks.push({ start: blockStart, end, kind: r.blockKind, zone: r.blockZone } satisfies Block);
  r.pieces.push('\n');
  return end + 1;
}

/** Reads the next `count` nodes of `r`; true when there are none left. */
function readSome(r: Reading, count: number): boolean {
  const { page, isHidden, skip, readBefore, pieces, stack, levels } = r;
  const segments = page.segments;
  const readList = page.read.list;
  // The state that changes at every node, in locals (written back at the end).
  let { length, blockStart, pendingSpace, zone, inArticle, kind, depth } = r;
  for (; count > 0 && stack.length; count--) {
    const item = stack.pop()!;
    if (item === END_OF_CHILDREN) {
      const level = levels[--depth]!;
      if (level.exit === EXIT_BLOCK) {
        length = closeBlock(r, blockStart, length);
        blockStart = length;
        pendingSpace = false;
        r.blockKind = level.kind;
        r.blockZone = level.zone;
      } else if (level.exit === EXIT_BLOCKQUOTE) {
        length = closeBlock(r, blockStart, length);
        blockStart = length;
        pendingSpace = false;
        const end = page.blocks.length ? page.blocks[page.blocks.length - 1]!.end : length;
        if (end > level.start) r.blockquotes.push({ element: level.element!, start: level.start, end });
      } else if (level.exit === EXIT_Q) {
        page.elementQuotes.push({ kind: 'q', start: level.start, end: length });
      }
      level.element = null;
      zone = level.zone;
      inArticle = level.inArticle;
      kind = level.kind;
      continue;
    }
    const node = item as Node;
    const type = node.nodeType;
    if (type === 3) {
      if (readBefore) {
        if (readBefore.has(node)) continue;
        readBefore.add(node);
      } else readList.push(node);
      const data = (node as Text).data;
      if (!NOT_PLAIN.test(data)) {
        // The common case: words and single spaces, perhaps a space at either end. One segment, the node's own text.
        const last = data.length - 1;
        const from = data.charCodeAt(0) === 32 ? 1 : 0;
        const to = last >= 0 && data.charCodeAt(last) === 32 ? last : last + 1;
        if (from >= to) {
          if (last >= 0) pendingSpace = true;
          continue;
        }
        if ((from || pendingSpace) && length > blockStart) {
          pieces.push(' ');
          length++;
        }
        segments.push({ node: node as Text, textStart: length, nodeStart: from, length: to - from });
        pieces.push(from === 0 && to === last + 1 ? data : data.slice(from, to));
        length += to - from;
        pendingSpace = to <= last;
        continue;
      }
      if (BLANK.test(data)) {
        pendingSpace = true;
        continue;
      }
      RUNS.lastIndex = 0;
      for (let m = RUNS.exec(data); m; m = RUNS.exec(data)) {
        const run = m[1];
        if (run === undefined) {
          // whitespace (collapsed, as the page shows it) or an invisible character (dropped)
          if (m[2] !== undefined) pendingSpace = true;
          continue;
        }
        if (pendingSpace && length > blockStart) {
          pieces.push(' ');
          length++;
        }
        pendingSpace = false;
        segments.push({ node: node as Text, textStart: length, nodeStart: m.index, length: run.length });
        pieces.push(run);
        length += run.length;
      }
      continue;
    }
    if (type !== 1) {
      // A document or a shadow root: its children, in the same state.
      if (type === 11 || type === 9) for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
      continue;
    }
    const element = node as Element;
    const flags = flagsOf(element.tagName);
    if (flags & IS_SKIPPED) continue;
    const last = element.lastChild;
    // An inline element with nothing in it (an image, an icon) changes nothing, shown or not: not worth asking.
    if (!last && !(flags & HAS_EFFECT) && !(flags & MAY_HOST_SHADOW && element.shadowRoot)) continue;
    if (skip?.(element)) continue;
    const attributes = attributesOf(element);
    if (attributes & HAS_CONTENTEDITABLE && element.getAttribute('contenteditable') !== 'false') continue;
    if (isHidden ? isHidden(element) : isHiddenWith(element, attributes)) continue;
    if (flags & IS_BR) {
      pendingSpace = true;
      continue;
    }
    const childInArticle: boolean = inArticle || (flags & IS_ARTICLE) !== 0
      || (attributes & HAS_ITEMPROP && element.getAttribute('itemprop') === 'articleBody') === true;
    const childZone: Zone = zone === 'article' && isAsideWith(element, flags, attributes, childInArticle) ? 'aside' : zone;
    let childKind: BlockKind = kind;
    let exit = EXIT_NONE;
    let start = 0;
    if (flags & IS_BLOCK) {
      if (!(flags & IS_DIV) || kind === 'paragraph') childKind = KINDS[flags >> KIND_SHIFT & 3]!;
      length = closeBlock(r, blockStart, length);
      blockStart = length;
      pendingSpace = false;
      r.blockKind = childKind;
      r.blockZone = childZone;
      exit = flags & IS_BLOCKQUOTE ? EXIT_BLOCKQUOTE : EXIT_BLOCK;
      start = length;
    } else if (flags & IS_Q) {
      exit = EXIT_Q;
      start = length + (pendingSpace && length > blockStart ? 1 : 0);
    }
    if (exit !== EXIT_NONE || childZone !== zone || childInArticle !== inArticle || childKind !== kind) {
      const level = levels[depth] ??= { exit, element: null, start, zone, inArticle, kind };
      level.exit = exit;
      level.element = exit === EXIT_BLOCKQUOTE ? element : null;
      level.start = start;
      level.zone = zone;
      level.inArticle = inArticle;
      level.kind = kind;
      depth++;
      stack.push(END_OF_CHILDREN);
      zone = childZone;
      inArticle = childInArticle;
      kind = childKind;
    }
    // An open shadow root replaces the light children it renders; a slot shows what is assigned to it.
    const shadow = flags & MAY_HOST_SHADOW ? element.shadowRoot : null;
    if (shadow) {
      for (let c = shadow.lastChild; c; c = c.previousSibling) stack.push(c);
      continue;
    }
    if (flags & IS_SLOT) {
      const assigned = (element as HTMLSlotElement).assignedNodes?.({ flatten: true }) ?? [];
      if (assigned.length) {
        for (let i = assigned.length - 1; i >= 0; i--) stack.push(assigned[i]!);
        continue;
      }
    }
    for (let c = last; c; c = c.previousSibling) stack.push(c);
  }
  Object.assign(r, { length, blockStart, pendingSpace, zone, inArticle, kind, depth });
  return stack.length === 0;
}

function finishReading(r: Reading): number {
  const { page, pieces, before } = r;
  closeBlock(r, r.blockStart, r.length);
  if (pieces[pieces.length - 1] === '\n') pieces.pop();
  const text = pieces.join('');
  if (text.length > before) page.text = text;
  for (const b of r.blockquotes) recordBlockquote(page, b.element, b.start, b.end, page.text);
  return page.text.length - before;
}

/** defaultIsHidden, given which of its attributes the element has (most have none). */
function isHiddenWith(element: Element, attributes: number): boolean {
  if (attributes & HAS_HIDDEN || attributes & HAS_ARIA_HIDDEN && element.getAttribute('aria-hidden') === 'true') return true;
  const check = (element as Element & { checkVisibility?: () => boolean }).checkVisibility;
  // checkVisibility() is false for `display: contents`, which has no box of its own but shows its children.
  if (typeof check === 'function') return !check.call(element) && computed(element)?.display !== 'contents';
  const style = computed(element);
  return style?.display === 'none' || style?.visibility === 'hidden';
}

/** isAside, given the element's tag flags and which of its attributes it has. */
function isAsideWith(element: Element, flags: number, attributes: number, inArticle: boolean): boolean {
  if (flags & IS_ASIDE) return true;
  // An article's own header and footer (byline, tags) belong to it; the page's do not.
  if (flags & IS_HEADER_FOOTER && !inArticle) return true;
  if (attributes & HAS_ROLE) {
    const role = element.getAttribute('role');
    if (role && ASIDE_ROLES.test(role)) return true;
  }
  if (!(attributes & HAS_ID_OR_CLASS)) return false;
  const names = `${element.id} ${typeof element.className === 'string' ? element.className : ''}`;
  return names.length > 1 && ASIDE_NAMES.test(names);
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
