/** Keys of the suggestion list under a field (pure: the field component applies the action). */
import type { ValueKind } from '../../../domain/registers/types';

/** Kinds whose values hold no digits: a plain 1–9 picks there (elsewhere Alt+1–9, digits are typed). */
export const DIGIT_PICK_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>([
  'name',
  'ethnicity',
  'nationality',
  'relation',
  'sex',
]);

export type SuggestionAction =
  { kind: 'pick'; index?: number } | { kind: 'move'; by: 1 | -1 } | { kind: 'close' };

/**
 * What a key does while the list is open with `count` items: Tab takes the highlighted one, 1–9 (or Alt+1–9 when
 * `digitsPick` is false) the numbered one, ↑ / ↓ move the highlight, Esc closes; anything else is the field's.
 */
export function suggestionKey(e: KeyboardEvent, count: number, digitsPick: boolean): SuggestionAction | null {
  if (e.isComposing || e.key === 'Process' || e.metaKey || e.ctrlKey) return null;
  const plain = !e.altKey && !e.shiftKey;
  if (e.key === 'Tab' && plain) return { kind: 'pick' };
  if (e.key === 'Escape' && plain) return { kind: 'close' };
  if (e.key === 'ArrowDown' && plain) return { kind: 'move', by: 1 };
  if (e.key === 'ArrowUp' && plain) return { kind: 'move', by: -1 };
  const d = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (d && !e.shiftKey && e.altKey === !digitsPick) {
    const index = Number(d[1]) - 1;
    return index < count ? { kind: 'pick', index } : null;
  }
  return null;
}
