/** Keyboard map of the checker's desk ("Kiểm tra"), listed for checkers in CheckScreen's help line. */
import { CHECK_REASONS } from '../../../domain/records/entry';
import type { CheckState } from '../../../state/check.svelte';

/** Handles a keydown; returns true (and prevents the default) when it was a shortcut. */
export function handleCheckKey(e: KeyboardEvent, check: CheckState): boolean {
  if (e.isComposing || e.key === 'Process') return false;
  const t = e.target;
  // Dialogs, the correction input (it handles its own Enter / Esc) and other inputs keep their keys.
  if (
    t instanceof Element &&
    (t.closest('dialog') || t.closest('input, select, textarea, [role=application]'))
  )
    return false;
  const act = (fn: () => unknown): true => {
    e.preventDefault();
    void Promise.resolve(fn()).catch(check.report);
    return true;
  };
  if (e.ctrlKey || e.metaKey) return false;
  if (e.altKey) {
    if (e.key === 'ArrowDown') return act(() => check.step(1));
    if (e.key === 'ArrowUp') return act(() => check.step(-1));
    return false;
  }
  if (!check.entry) return false;
  if (check.marking) {
    if (e.key === 'Escape') return act(() => check.cancelMark());
    const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
    const reason = m && check.marking.reason === null ? CHECK_REASONS[Number(m[1]) - 1] : undefined;
    if (reason) return act(() => check.pickReason(reason));
    return false;
  }
  const d = check.disagreement;
  if (d && !d.decided) {
    // Two keyings differ: 1 takes the first, 2 the second, 3 types the value the image shows.
    const m = /^(?:Digit|Numpad)([1-3])$/.exec(e.code);
    if (m?.[1] === '1') return act(() => check.takeFirst());
    if (m?.[1] === '2') return act(() => check.takeSecond());
    if (m?.[1] === '3') return act(() => check.startTyping());
  }
  if (e.key === 'Enter') return act(() => check.accept());
  if (e.key === ' ' || e.key === 'F8') return act(() => check.markWrong());
  if (e.key === 'ArrowDown' || (e.key === 'Tab' && !e.shiftKey)) return act(() => check.move(1));
  if (e.key === 'ArrowUp' || (e.key === 'Tab' && e.shiftKey)) return act(() => check.move(-1));
  return false;
}
