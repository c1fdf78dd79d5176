/**
 * Blind double keying (issue 10 item 3, DESIGN.md §3.3): a second operator keys an entry without seeing the first
 * keying or OCR; the two keyings are compared field by field, exactly after NFC and whitespace folding (a
 * diacritic-only difference — Thiên / Thiện, Hòa / Hoà — is a disagreement: the register decides, not a fold).
 * Fields both keyings agree on are accepted by the agreement (a `check` ok mark `via: 'double-keying'`); the others
 * go to a third person who decides from the page image. Pure.
 */
import { collapseSpaces } from './text/normalize';
import type { JsonValue } from './records/audit';
import type { Entry, FieldCheck, SecondKeying } from './records/entry';

/** A value as the comparison sees it: NFC, runs of whitespace one space, trimmed. */
export const keyingForm = (v: string): string => collapseSpaces(v.normalize('NFC'));

/** Two keyings of one field agree. */
export const sameKeying = (a: string, b: string): boolean => keyingForm(a) === keyingForm(b);

export interface KeyingComparison {
  /** Fields whose values agree (both empty included), in register order. */
  agreed: string[];
  /** Fields whose values differ, in register order. */
  differ: string[];
  /** Fields where either keying has a value. */
  compared: number;
}

/** Compares the first keying (the entry's values) with the second (`values`) over the register's `keys`. */
export function compareKeyings(
  keys: readonly string[],
  first: Readonly<Record<string, { value: string } | undefined>>,
  values: Readonly<Record<string, string | undefined>>,
): KeyingComparison {
  const agreed: string[] = [];
  const differ: string[] = [];
  let compared = 0;
  for (const k of keys) {
    const a = keyingForm(first[k]?.value ?? '');
    const b = keyingForm(values[k] ?? '');
    if (a || b) compared++;
    (a === b ? agreed : differ).push(k);
  }
  return { agreed, differ, compared };
}

/**
 * The entry after its second keying: `second` recorded, every agreed field marked accepted by the agreement, the
 * state keyed2, or verified at once when nothing differs (no person has anything to decide: the one move to
 * verified that is not a checker's, `domain/workflow.ts`). The caller checks `secondKeyingRefusal` first.
 */
export function applySecondKeying(
  entry: Entry,
  keys: readonly string[],
  input: { by: string; at: number; values: Readonly<Record<string, string>> },
): { entry: Entry; comparison: KeyingComparison } {
  const values: Record<string, string> = {};
  for (const k of keys) values[k] = (input.values[k] ?? '').normalize('NFC');
  const comparison = compareKeyings(keys, entry.fields, values);
  const fields = { ...entry.fields };
  for (const k of comparison.agreed) {
    const check: FieldCheck = { verdict: 'ok', by: input.by, at: input.at, via: 'double-keying' };
    const f = fields[k] ?? { value: '', flags: [], source: 'keyed' as const, confirmed: true };
    fields[k] = { ...f, check };
  }
  const second: SecondKeying = {
    by: input.by,
    at: input.at,
    values,
    differ: comparison.differ,
    compared: comparison.compared,
  };
  const state = comparison.differ.length ? 'keyed2' : 'verified';
  return { entry: { ...entry, fields, second, state }, comparison };
}

/** Agreement of some second keyings: agreed / compared fields (null when nothing was compared). */
export function agreementRate(list: Iterable<{ compared: number; differ: number }>): {
  agreed: number;
  compared: number;
  rate: number | null;
} {
  let compared = 0;
  let differ = 0;
  for (const s of list) {
    compared += s.compared;
    differ += Math.min(s.differ, s.compared);
  }
  const agreed = compared - differ;
  return { agreed, compared, rate: compared ? agreed / compared : null };
}

/** A rate as the screens print it: "96,4 %" (Vietnamese decimal comma), "—" when nothing was compared. */
export const rateText = (rate: number | null): string =>
  rate === null ? '—' : `${(Math.floor(rate * 1000) / 10).toFixed(1).replace('.', ',')} %`;

/** A second keying as an audit event's before / after (DESIGN.md §3.8: plain JSON). */
export const secondKeyingJson = (s: SecondKeying): JsonValue => ({
  by: s.by,
  at: s.at,
  values: { ...s.values },
  differ: [...s.differ],
  compared: s.compared,
});
