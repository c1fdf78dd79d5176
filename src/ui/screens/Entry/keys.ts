/** Keyboard map of the entry screen (listed for operators in sections.ts SHORTCUTS). */
import type { PageCanvasApi } from '../../canvas/overlay';
import { ENTRY_FILTERS, type EntryFilter } from '../../../domain/records/summary';
import type { Finder } from '../../../state/finder.svelte';
import type { WorkState } from '../../../state/work.svelte';

export interface KeyContext {
  work: WorkState;
  finder: Finder;
  canvas: PageCanvasApi | undefined;
  toggleHelp: () => void;
  /** Opens "Tìm mục" (Ctrl+F) and "Đến trang" (Ctrl+G). */
  openFind: () => void;
  openGoto: () => void;
}

/** Ctrl+Shift+1…4 toggle the filters, in ENTRY_FILTERS order (also inside the find panel). */
export const FILTER_KEYS: Readonly<Record<EntryFilter, string>> = {
  unfinished: 'Ctrl+Shift+1',
  uncertain: 'Ctrl+Shift+2',
  returned: 'Ctrl+Shift+3',
  flagged: 'Ctrl+Shift+4',
};

/** The filter a key toggles, or null (by key position: Shift+digit types a symbol on most layouts). */
export function filterKey(e: KeyboardEvent): EntryFilter | null {
  if (!e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return null;
  const m = /^Digit([1-4])$/.exec(e.code);
  return m ? (ENTRY_FILTERS[Number(m[1]) - 1] ?? null) : null;
}

const inField = (e: KeyboardEvent): boolean =>
  e.target instanceof HTMLTextAreaElement && e.target.closest('.entry-form') !== null;

/** Handles a keydown; returns true (and prevents the default) when it was a shortcut. */
export function handleEntryKey(e: KeyboardEvent, ctx: KeyContext): boolean {
  if (e.isComposing || e.key === 'Process') return false; // the input method is still composing
  if (e.target instanceof Element && e.target.closest('dialog')) return false;
  const { work } = ctx;
  const act = (fn: () => unknown): true => {
    e.preventDefault();
    // A failure reaches the save banner (the writer keeps writes that failed for "Thử lưu lại").
    void Promise.resolve(fn()).catch(work.report);
    return true;
  };
  const key = work.focusedKey;
  if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && inField(e) && key) return act(() => work.confirm(key));
  if (e.key === 'Enter' && e.ctrlKey && !e.altKey && work.entry) return act(() => work.finishEntry());
  // Ctrl+Z: while the operator is typing in a field, the input's own undo; otherwise the last action.
  if (e.ctrlKey && !e.shiftKey && !e.altKey && (e.key === 'z' || e.key === 'Z')) {
    const typing = inField(e) && work.entry && key && work.writer.isEditing(work.entry.id, key);
    if (!typing && work.undoLabel) return act(() => work.undo());
    return false;
  }
  if (e.key === 'F1') return act(ctx.toggleHelp);
  if (e.ctrlKey && !e.shiftKey && !e.altKey && (e.key === 'f' || e.key === 'F')) return act(ctx.openFind);
  if (e.ctrlKey && !e.shiftKey && !e.altKey && (e.key === 'g' || e.key === 'G')) return act(ctx.openGoto);
  const filter = filterKey(e);
  if (filter) return act(() => ctx.finder.toggle(filter));
  if (e.key === 'F2') return act(() => work.nextUncertain());
  if (e.key === 'F3') return act(() => work.flagAndNext('blank'));
  if (e.key === 'F4') return act(() => work.flagAndNext('illegible'));
  if (e.key === 'F9' && key) return act(() => (work.drawingKey = work.drawingKey ? null : key));
  if (e.key === 'Escape' && work.drawingKey) return act(() => (work.drawingKey = null));
  if (e.altKey && e.key === 'ArrowDown') return act(() => work.nextEntry());
  if (e.altKey && e.key === 'ArrowUp') return act(() => work.prevEntry());
  if (e.key === 'PageDown' && !e.ctrlKey) return act(() => work.nextPage());
  if (e.key === 'PageUp' && !e.ctrlKey) return act(() => work.prevPage());
  if (e.altKey && (e.key === '=' || e.key === '+')) return act(() => ctx.canvas?.zoomIn());
  if (e.altKey && (e.key === '-' || e.key === '_')) return act(() => ctx.canvas?.zoomOut());
  if (e.altKey && e.key === '0') return act(() => ctx.canvas?.fit());
  return false;
}
