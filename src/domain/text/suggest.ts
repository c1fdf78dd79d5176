/**
 * Keying suggestions: what the operator typed (without tones, abbreviated by syllable prefix, syllables in any
 * order) matched against candidate values ("ng v hai", "hai nguyen van" → "Nguyễn Văn Hải"). Pure and fast: every
 * candidate is folded once (`indexCandidates`), a keystroke only compares short token arrays.
 *
 * Tokens: NFC, lower case, apostrophes dropped inside a word ("H'Bia" → "hbia"), split on spaces, commas, hyphens
 * and other punctuation; the folded form has no diacritics (đ → d). A query token matches a candidate syllable when
 * it is a prefix of its folded form; each syllable is taken once. Digits typed that a candidate does not hold are
 * carried into the suggestion where they were typed ("to 13" + "tổ" → "tổ 13").
 */

/** Where a candidate comes from, best first: what OCR read, values of this book, units around the book's commune,
 * closed lists (ethnicity, nationality, relation, sex, phrases), common names. */
export type SuggestSource = 'ocr' | 'book' | 'admin' | 'list' | 'names';

export interface SuggestCandidate {
  /** The value as it will be stored (NFC). */
  text: string;
  source: SuggestSource;
  /** Other spelling matched for this value ("Mèo" for "Mông"); the suggestion is still `text`. */
  alias?: string;
  /** 0..1: how common the value is within its source (book counts, name frequencies). */
  weight?: number;
}

export interface Suggestion {
  text: string;
  source: SuggestSource;
  /** Match quality and source together; higher is better. */
  score: number;
  /**
   * The suggestion only completes what was typed: toneless letters and syllable starts, and any marks the operator
   * typed are the suggestion's own. False when the text as typed is itself a candidate, or when the operator types
   * with an input method (marks in the query) and a whole syllable typed without marks has marks here ("Tay" is
   * not completed to "Tây"). The form highlights the first suggestion for Tab only when it agrees.
   */
  agrees: boolean;
}

interface Prepared {
  text: string;
  source: SuggestSource;
  weight: number;
  /** Folded syllables (no diacritics) and the same syllables lower case with diacritics. */
  folded: string[];
  lower: string[];
  compact: string;
  hasDigits: boolean;
}

export interface CandidateIndex {
  readonly items: readonly Prepared[];
  /** Folded syllable → the candidates holding it (a query token narrows the candidates to scan). */
  readonly vocab: ReadonlyMap<string, readonly number[]>;
  /** First letter of the folded text → candidates (for syllables typed run together). */
  readonly byFirst: ReadonlyMap<string, readonly number[]>;
}

const SOURCE_BONUS: Readonly<Record<SuggestSource, number>> = {
  ocr: 0.12,
  book: 0.1,
  admin: 0.06,
  list: 0.06,
  names: 0,
};

const MARKS = /[\u0300-\u036f]/gu;

/** Lower-case syllables of a text, diacritics kept (NFC). */
export function syllables(text: string): string[] {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/['’‘ʼ`]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((s) => s !== '');
}

/** One syllable without diacritics; đ → d. */
export function foldSyllable(s: string): string {
  return s.normalize('NFD').replace(MARKS, '').replace(/đ/gu, 'd').normalize('NFC');
}

function prepare(c: SuggestCandidate): Prepared {
  const lower = syllables(c.alias ?? c.text);
  const folded = lower.map(foldSyllable);
  return {
    text: c.text.normalize('NFC'),
    source: c.source,
    weight: Math.max(0, Math.min(1, c.weight ?? 0)),
    folded,
    lower,
    compact: folded.join(''),
    hasDigits: folded.some((s) => /\d/u.test(s)),
  };
}

/** Folds every candidate once (the index is reused for every keystroke). */
export function indexCandidates(candidates: readonly SuggestCandidate[]): CandidateIndex {
  const items = candidates.filter((c) => c.text.trim() !== '').map(prepare);
  const vocab = new Map<string, number[]>();
  const byFirst = new Map<string, number[]>();
  items.forEach((c, i) => {
    for (const syl of new Set(c.folded)) {
      const list = vocab.get(syl);
      if (list) list.push(i);
      else vocab.set(syl, [i]);
    }
    const f = c.compact.charAt(0);
    const list = byFirst.get(f);
    if (list) list.push(i);
    else byFirst.set(f, [i]);
  });
  return { items, vocab, byFirst };
}

/**
 * The candidates worth matching: those holding a syllable that each query token starts (tokens no syllable starts
 * are left out of the narrowing: digits, or letters of a syllable typed in two parts), plus those whose text
 * starts with the query's first letter.
 */
function narrow(q: Query, ix: CandidateIndex): Iterable<number> {
  let keep: Set<number> | null = null;
  for (const t of q.folded) {
    const hits = new Set<number>();
    for (const [syl, ids] of ix.vocab) if (syl.startsWith(t)) for (const i of ids) hits.add(i);
    if (hits.size === 0) continue;
    if (keep === null) keep = hits;
    else {
      const prev: Set<number> = keep;
      keep = new Set([...hits].filter((i) => prev.has(i)));
    }
  }
  const out = new Set<number>(keep ?? []);
  if (q.compact.length >= 2) for (const i of ix.byFirst.get(q.compact.charAt(0)) ?? []) out.add(i);
  return out;
}

interface Query {
  lower: string[];
  folded: string[];
  compact: string;
  /** Token indexes, longest token first (the any-order assignment). */
  longestFirst: number[];
}

function query(typed: string): Query {
  const lower = syllables(typed);
  const folded = lower.map(foldSyllable);
  const longestFirst = folded.map((_, i) => i).sort((a, b) => folded[b]!.length - folded[a]!.length);
  return { lower, folded, compact: folded.join(''), longestFirst };
}

const isDigits = (s: string): boolean => /^\d+$/u.test(s);

interface Match {
  /** Candidate syllable index per query token (-1: a digit token the candidate does not hold). */
  at: number[];
  ordered: boolean;
}

/** In typed order: each token takes the next syllable it is a prefix of. */
function matchOrdered(q: Query, c: Prepared): Match | null {
  const at: number[] = [];
  let pos = 0;
  for (let i = 0; i < q.folded.length; i++) {
    const t = q.folded[i]!;
    let j = pos;
    while (j < c.folded.length && !c.folded[j]!.startsWith(t)) j++;
    if (j < c.folded.length) {
      at.push(j);
      pos = j + 1;
      // Tokens that spell one syllable between them ("h bia" for "H'Bia") take it together.
      let joined = t;
      while (i + 1 < q.folded.length && c.folded[j]!.startsWith(joined + q.folded[i + 1]!)) {
        joined += q.folded[++i]!;
        at.push(j);
      }
    } else if (isDigits(t) && !c.hasDigits) at.push(-1);
    else return null;
  }
  return { at, ordered: true };
}

/** Any order: longest tokens first, each takes an equal syllable if free, else one it is a prefix of. */
function matchAnyOrder(q: Query, c: Prepared): Match | null {
  const at = new Array<number>(q.folded.length).fill(-1);
  let used = 0; // bit k: syllable k taken (syllables past 30 are never taken)
  const m = Math.min(c.folded.length, 30);
  for (const i of q.longestFirst) {
    const t = q.folded[i]!;
    let j = -1;
    for (let k = 0; k < m && j < 0; k++) if (!(used & (1 << k)) && c.folded[k] === t) j = k;
    for (let k = 0; k < m && j < 0; k++) if (!(used & (1 << k)) && c.folded[k]!.startsWith(t)) j = k;
    if (j < 0) {
      if (isDigits(t) && !c.hasDigits) continue;
      return null;
    }
    used |= 1 << j;
    at[i] = j;
  }
  return { at, ordered: false };
}

/** See `Suggestion.agrees` (the part that depends on the candidate). */
function agrees(q: Query, c: Prepared, m: Match): boolean {
  const marked = q.lower.some((t, i) => t !== q.folded[i]);
  for (let i = 0; i < q.folded.length; i++) {
    const j = m.at[i]!;
    if (j < 0) continue;
    const typed = q.lower[i]!;
    const syl = c.lower[j]!;
    if (typed !== q.folded[i]) {
      if (!syl.startsWith(typed)) return false;
    } else if (marked && typed.length >= c.folded[j]!.length && syl !== typed) return false;
  }
  return true;
}

function score(q: Query, c: Prepared, m: Match): number {
  const n = q.folded.length;
  let exact = 0;
  let tone = 0;
  let toned = 0;
  let matched = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const j = m.at[i]!;
    if (j < 0) continue;
    if (j !== last) matched++; // tokens that spell one syllable together count it once
    last = j;
    const t = q.folded[i]!;
    if (c.folded[j] === t) exact++;
    const typed = q.lower[i]!;
    if (typed !== t) {
      // The operator typed diacritics (an input method): they must agree with the candidate's.
      toned++;
      tone += c.lower[j] === typed ? 1 : c.lower[j]!.startsWith(typed) ? 0.5 : -1;
    }
  }
  const coverage = Math.min(1, matched / Math.max(1, c.folded.length));
  return (
    0.3 * (m.ordered ? 1 : 0) +
    0.15 * (m.at[0] === 0 ? 1 : 0) +
    0.2 * (exact / n) +
    0.15 * coverage +
    0.15 * (toned ? tone / toned : 0) +
    SOURCE_BONUS[c.source] +
    0.04 * c.weight
  );
}

/** Digits the candidate does not hold, put back where the operator typed them. */
function withCarriedDigits(q: Query, c: Prepared, m: Match): string {
  const lead: string[] = [];
  const tail: string[] = [];
  let seenMatch = false;
  q.folded.forEach((t, i) => {
    if (m.at[i]! >= 0) seenMatch = true;
    else (seenMatch ? tail : lead).push(t);
  });
  return [...lead, c.text, ...tail].join(' ');
}

/**
 * Suggestions for `typed` from the indexes, best first, at most `limit`, without duplicates and without the
 * value as typed. Nothing for an empty query; a one-letter query matches syllable starts only.
 */
export function suggest(
  typed: string,
  indexes: readonly CandidateIndex[],
  limit = 9,
  /** Only candidates whose first matched syllable is among their first `anchor` + 1 (a part after a comma). */
  anchor = Infinity,
): Suggestion[] {
  const q = query(typed);
  if (q.folded.length === 0) return [];
  const asTyped = typed.normalize('NFC').trim();
  // "Con " (a space after it): the operator goes on typing, the known value "Con" does not stop the completions.
  const goesOn = /\s$/u.test(typed);
  const best = new Map<string, Suggestion>();
  let typedIsCandidate = false;
  const first = q.folded[0]!;
  for (const ix of indexes) {
    for (const i of narrow(q, ix)) {
      const c = ix.items[i]!;
      let m = matchOrdered(q, c);
      if (!m && q.folded.length > 1) m = matchAnyOrder(q, c);
      let s: number;
      let text: string;
      let ok: boolean;
      if (m && m.at.some((j) => j >= 0)) {
        if (Math.min(...m.at.filter((j) => j >= 0)) > anchor) continue;
        ok = agrees(q, c, m);
        s = score(q, c, m) + (ok ? 0.1 : 0);
        text = m.at.includes(-1) ? withCarriedDigits(q, c, m) : c.text;
      } else if (q.compact.length >= 2 && c.compact.startsWith(q.compact) && first.length > 0) {
        // Syllables typed run together or split differently ("ksorhb", "h bia" for "H'Bia").
        ok = q.lower.every((t, i) => t === q.folded[i]);
        s = 0.25 + SOURCE_BONUS[c.source] + 0.04 * c.weight;
        text = c.text;
      } else continue;
      if (text === asTyped) {
        typedIsCandidate = true;
        continue;
      }
      const had = best.get(text);
      if (!had || had.score < s) best.set(text, { text, source: c.source, score: s, agrees: ok });
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.text.length - b.text.length || (a.text < b.text ? -1 : 1))
    .slice(0, limit)
    .map((x) => (typedIsCandidate && !goesOn ? { ...x, agrees: false } : x));
}
