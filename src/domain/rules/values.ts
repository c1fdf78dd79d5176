/** Reading an entry's values for the rules: NFC, trimmed; a field flagged blank or illegible has no value. */
import { parseDate, type ParsedDate } from '../fields/date';
import type { FieldValue } from '../records/entry';

/** The value of `key` as the rules read it ('' when absent, empty, blank in the register or illegible). */
export function valueOf(fields: Readonly<Record<string, FieldValue>>, key: string | undefined): string {
  if (!key) return '';
  const f = fields[key];
  if (!f || f.flags.includes('blank') || f.flags.includes('illegible')) return '';
  return f.value.normalize('NFC').trim();
}

/**
 * `fn` with its results kept for the last `limit` distinct arguments (a register repeats its dates, names and
 * code values; the rules run over whole books). Only for pure functions.
 */
export function memo<T>(fn: (s: string) => T, limit = 20000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    if (cache.size >= limit) cache.clear();
    const v = fn(s);
    cache.set(s, v);
    return v;
  };
}

/** parseDate, remembered. The result is shared: never mutate it. */
export const parseDateMemo: (s: string) => Readonly<ParsedDate> = memo(parseDate);

/** A date value parsed, or null when absent or unreadable (impossible dates are kept: their parts compare). */
export function dateOf(
  fields: Readonly<Record<string, FieldValue>>,
  key: string | undefined,
): ParsedDate | null {
  const v = valueOf(fields, key);
  if (!v) return null;
  const d = parseDateMemo(v);
  return d.valid || d.impossible ? d : null;
}

/** End sentences with a full stop. */
export const sentence = (s: string): string => (/[.!?]$/u.test(s) ? s : `${s}.`);
