/**
 * Keying suggestions of one field: which value kinds get them, the closed lists and phrases of each kind, and the
 * query of a place or a note (the part after the last comma: "tổ 7, phuoc vinh" completes the unit and keeps
 * "tổ 7, " as typed). Matching itself is `text/suggest.ts`; names are also composed from the name tables.
 */
import { ethnicityLexicon } from '../lexicons/ethnicities';
import type { Lexicon } from '../lexicons/lexicon';
import { composeNames } from '../lexicons/names';
import { nationalityLexicon } from '../lexicons/nationalities';
import { CAUSE_OF_DEATH_PHRASES, INSTITUTION_PHRASES, NOTE_PHRASES } from '../lexicons/phrases';
import { relationLexicon } from '../lexicons/relations';
import { sexLexicon } from '../lexicons/sexes';
import type { ValueKind } from '../registers/types';
import {
  indexCandidates,
  suggest,
  type CandidateIndex,
  type SuggestCandidate,
  type Suggestion,
} from '../text/suggest';

/** Kinds of value the form suggests for (names, places, code lists, notes). */
export const SUGGESTED_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>([
  'name',
  'place',
  'ethnicity',
  'nationality',
  'relation',
  'sex',
  'text',
]);

/** Words that start a place below the commune (the unit lists stop at the commune). */
export const PLACE_HEADS: readonly string[] = [
  'tổ',
  'tổ dân phố',
  'thôn',
  'xóm',
  'ấp',
  'bản',
  'buôn',
  'làng',
  'khu vực',
  'khu phố',
  'khối',
  'Tại nhà',
  'Tại gia đình',
];

const fromLexicon = (lex: Lexicon): SuggestCandidate[] =>
  lex.entries.flatMap((e) => [
    { text: e.canonical, source: 'list' as const },
    ...e.variants.map((v) => ({ text: e.canonical, alias: v, source: 'list' as const })),
  ]);
const fromPhrases = (list: readonly string[]): SuggestCandidate[] =>
  list.map((text) => ({ text, source: 'list' as const }));

const cache = new Map<string, CandidateIndex>();

/** The closed list / phrase index of a kind (built once). */
export function listIndex(kind: ValueKind): CandidateIndex | null {
  const hit = cache.get(kind);
  if (hit) return hit;
  const c: SuggestCandidate[] | null =
    kind === 'ethnicity'
      ? fromLexicon(ethnicityLexicon)
      : kind === 'nationality'
        ? fromLexicon(nationalityLexicon)
        : kind === 'relation'
          ? fromLexicon(relationLexicon)
          : kind === 'sex'
            ? fromLexicon(sexLexicon)
            : kind === 'place'
              ? fromPhrases([...PLACE_HEADS, ...INSTITUTION_PHRASES])
              : kind === 'text'
                ? fromPhrases([...NOTE_PHRASES, ...CAUSE_OF_DEATH_PHRASES])
                : null;
  if (!c) return null;
  const ix = indexCandidates(c);
  cache.set(kind, ix);
  return ix;
}

/**
 * Every tail of a comma-separated value ("tổ 7, phường X, tỉnh Y" → itself, "phường X, tỉnh Y", "tỉnh Y"), so a
 * place or note keyed once completes the part the operator is typing.
 */
export function valueTails(value: string): string[] {
  const parts = value.split(',').map((s) => s.trim());
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const tail = parts
      .slice(i)
      .filter((s) => s !== '')
      .join(', ');
    if (tail) out.push(tail);
  }
  return out;
}

/** Splits a typed place or note into what is kept ("tổ 7, ") and what is matched ("phuoc vinh"). */
export function splitQuery(kind: ValueKind, typed: string): { head: string; query: string } {
  if (kind !== 'place' && kind !== 'text') return { head: '', query: typed };
  const i = typed.lastIndexOf(',');
  if (i < 0) return { head: '', query: typed };
  return { head: `${typed.slice(0, i + 1).trimEnd()} `, query: typed.slice(i + 1) };
}

/**
 * Suggestions for a field of `kind` while the operator typed `typed`: from `indexes` (OCR, book, units, built by
 * the caller) plus the kind's closed list, plus composed names for a name. Each suggestion is the whole new value
 * (the kept head of a place included), NFC.
 */
export function suggestFieldValue(
  kind: ValueKind,
  typed: string,
  indexes: readonly CandidateIndex[],
  limit = 9,
): Suggestion[] {
  if (!SUGGESTED_KINDS.has(kind)) return [];
  const { head, query } = splitQuery(kind, typed);
  if (query.trim() === '') return [];
  const all = [...indexes];
  const list = listIndex(kind);
  if (list) all.push(list);
  if (kind === 'name') all.push(indexCandidates(composeNames(query)));
  const asTyped = typed.normalize('NFC').trim();
  // After a comma the part typed starts a unit ("khe tre" → "thị trấn Khe Tre, …"), not the middle of a value.
  const found = suggest(query, all, limit + 1, head ? 2 : Infinity).map((s) => ({
    ...s,
    text: `${head}${s.text}`.normalize('NFC'),
  }));
  // The value as typed is itself a known value: nothing is offered for Tab by default.
  const known = found.some((s) => s.text === asTyped) && !/\s$/u.test(typed);
  return found
    .filter((s) => s.text !== asTyped)
    .slice(0, limit)
    .map((s) => (known ? { ...s, agrees: false } : s));
}
