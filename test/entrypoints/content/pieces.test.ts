// @vitest-environment happy-dom
// The content script's pieces, each on its own: scheduling limits, stepping, keys, the popup's commands, staleness.
import { describe, expect, it, vi } from 'vitest';
import { nextMarked } from '@/entrypoints/content/card-control';
import { commandHandlers, selectedText, type CommandTarget } from '@/entrypoints/content/commands';
import { stepOf } from '@/entrypoints/content/keyboard';
import { MAX_RESCANS_PER_MINUTE, MAX_WAIT_MS, SETTLE_MS } from '@/entrypoints/content/limits';
import { rescanBudget, settleDelay } from '@/entrypoints/content/reading';
import { changedSinceFound, type Shown } from '@/entrypoints/content/shown';
import { dispatchTab } from '@/lib/model/protocol';

describe('scheduling', () => {
  it('reads a burst SETTLE_MS after its last change, and never later than MAX_WAIT_MS after its first', () => {
    expect(settleDelay(1000, 1000)).toBe(SETTLE_MS);
    expect(settleDelay(1000 + MAX_WAIT_MS - 100, 1000)).toBe(100);
    expect(settleDelay(1000 + MAX_WAIT_MS + 500, 1000)).toBe(0);
  });
  it(`allows ${MAX_RESCANS_PER_MINUTE} rescans in any minute, then waits for the oldest to leave it`, () => {
    const budget = rescanBudget();
    for (let i = 0; i < MAX_RESCANS_PER_MINUTE; i++) {
      expect(budget.wait(i * 1000)).toBe(0);
      budget.spend(i * 1000);
    }
    expect(budget.wait(30_000)).toBe(30_000);
    expect(budget.wait(60_001)).toBe(0);
  });
});

describe('stepping through marked quotes', () => {
  it('passes over unmarked quotes, wraps around, and starts at either end', () => {
    const marked = [false, true, false, true];
    expect(nextMarked(marked, -1, 1)).toBe(1);
    expect(nextMarked(marked, -1, -1)).toBe(3);
    expect(nextMarked(marked, 1, 1)).toBe(3);
    expect(nextMarked(marked, 3, 1)).toBe(1);
    expect(nextMarked(marked, 1, -1)).toBe(3);
    expect(nextMarked([false, false], -1, 1)).toBe(-1);
  });
  it('Alt+Shift+N and Alt+Shift+P, nothing else', () => {
    const key = (code: string, mods: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) =>
      stepOf({ altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, code, ...mods });
    expect(key('KeyN')).toBe(1);
    expect(key('KeyP')).toBe(-1);
    expect(key('KeyN', { ctrlKey: true })).toBe(0);
    expect(key('KeyN', { shiftKey: false })).toBe(0);
    expect(key('KeyQ')).toBe(0);
  });
});

describe('a shown quote’s text', () => {
  it('is stale once the page removes or edits it', () => {
    document.body.innerHTML = '<p>She said “not on the table” today.</p>';
    const node = document.body.firstChild!.firstChild as Text;
    const range = document.createRange();
    range.setStart(node, 10);
    range.setEnd(node, 26);
    const shown: Shown = { quote: { text: 'not on the table', speaker: null, match: null }, ranges: [range], texts: [range.toString()], marked: true };
    expect(changedSinceFound(shown)).toBe(false);
    node.data = 'She said “on the table” today.';
    expect(changedSinceFound(shown)).toBe(true);
  });
});

describe('the commands', () => {
  const target = (isTop: boolean, over: Partial<CommandTarget> = {}): CommandTarget => ({
    isTop,
    flash: (i) => i === 0,
    scanNow: async () => ({ scanned: true, quotes: 2 }),
    scanState: () => ({ state: 'working' }),
    ours: () => false,
    ...over,
  });
  it('flash-quote answers whether this frame has that quote', () => {
    expect(dispatchTab(commandHandlers(target(false)), { type: 'flash-quote', index: 0 })).toEqual({ ok: true, value: { found: true } });
    expect(dispatchTab(commandHandlers(target(false)), { type: 'flash-quote', index: 1.5 })).toEqual({ ok: true, value: { found: false } });
  });
  it('get-selection stays silent without a selection, so that the frame that has one answers', () => {
    document.body.innerHTML = '<p id="p">coordination without subordination</p>';
    expect(dispatchTab(commandHandlers(target(true)), { type: 'get-selection' })).toBeUndefined();
    document.getSelection()!.selectAllChildren(document.getElementById('p')!);
    expect(dispatchTab(commandHandlers(target(true)), { type: 'get-selection' })).toEqual({ ok: true, value: { text: 'coordination without subordination' } });
  });
  it('reads the selection inside a focused text field', () => {
    document.body.innerHTML = '<input id="f" value="hit land hard">';
    const field = document.getElementById('f') as HTMLInputElement;
    field.focus();
    field.setSelectionRange(0, 8);
    expect(selectedText()).toBe('hit land');
  });
  it('every frame scans when asked; only the top frame answers, and its failure becomes the error', async () => {
    const scanNow = vi.fn(async () => ({ scanned: true as const, quotes: 1 }));
    expect(dispatchTab(commandHandlers(target(false, { scanNow })), { type: 'scan-now' })).toBeUndefined();
    expect(scanNow).toHaveBeenCalledTimes(1);
    expect(await dispatchTab(commandHandlers(target(true, { scanNow })), { type: 'scan-now' })).toEqual({ ok: true, value: { scanned: true, quotes: 1 } });
    const failing = target(true, { scanNow: async () => { throw new Error('the background never answered'); } });
    expect(await dispatchTab(commandHandlers(failing), { type: 'scan-now' })).toEqual({ ok: false, error: 'the background never answered' });
  });
  it('scan-state and extract-page: the top frame only', () => {
    expect(dispatchTab(commandHandlers(target(false)), { type: 'scan-state' })).toBeUndefined();
    expect(dispatchTab(commandHandlers(target(true)), { type: 'scan-state' })).toEqual({ ok: true, value: { state: 'working' } });
    expect(dispatchTab(commandHandlers(target(false)), { type: 'extract-page' })).toBeUndefined();
  });
  it('ignores what is not ours', () => {
    expect(dispatchTab(commandHandlers(target(true)), { type: 'lookup', text: 'x' })).toBeUndefined();
    expect(dispatchTab(commandHandlers(target(true)), 'flash-quote')).toBeUndefined();
  });
});
