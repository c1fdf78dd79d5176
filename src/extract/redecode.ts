/**
 * Choosing among the recognizer's own alternatives (`OcrWord.choices`, per symbol, best first): a word whose
 * best reading is no Vietnamese syllable takes the best-scoring alternative that is one ("Mhi" → "Nhi" when N
 * was the second choice for M); a date whose day or month is impossible takes
 * the best alternative digits that make it a date ("51/05/2020" → "31/05/2020"). Only alternatives the
 * recognizer itself scored close to its first reading are considered, so a clear reading is never changed.
 * Pure; the word's confidence drops by the ratio of the scores.
 */
import { isPlausibleDate } from '../domain/fields/date';
import type { SymbolChoice } from '../ocr/types';
import type { LineWord } from './line-text';
import { isSyllable } from './syllables';

/** One symbol's candidate readings, as the OCR engine gives them (`OcrWord.choices`). */
export type SymbolChoices = SymbolChoice;

/** A word as OCR gave it, with its per-symbol alternatives when the engine was asked for them. */
export type ChoiceWord = LineWord & {
  choices?: readonly (readonly SymbolChoices[])[];
  /** The first reading, when the word was read again from its alternatives. */
  redecoded?: string;
};

/** Alternatives per symbol considered: at most this many, each at least `MIN_SHARE` of the symbol's best. */
const PER_SYMBOL = 3;
const MIN_SHARE = 0.25;
/** Candidate readings kept while walking the symbols (best scores). */
const BEAM = 48;
/** How much less likely than the first reading an alternative may be, by kind of repair. */
const MAX_RATIO = { syllable: 8, date: 16 } as const;

interface Candidate {
  text: string;
  /** Sum of log confidences of the chosen symbols. */
  score: number;
}

const FLOOR = 0.01;
const logc = (c: number): number => Math.log(Math.max(FLOOR, c));

/** Readings of the word from its symbol choices, best first (the first is the recognizer's own). */
function readings(choices: readonly (readonly SymbolChoices[])[]): Candidate[] {
  let beam: Candidate[] = [{ text: '', score: 0 }];
  for (const symbol of choices) {
    const top = symbol[0]?.confidence ?? 0;
    const alts = symbol.filter((c, i) => i === 0 || c.confidence >= top * MIN_SHARE).slice(0, PER_SYMBOL);
    const next: Candidate[] = [];
    for (const b of beam)
      for (const a of alts) next.push({ text: b.text + a.text, score: b.score + logc(a.confidence) });
    next.sort((x, y) => y.score - x.score);
    beam = next.slice(0, BEAM);
  }
  return beam;
}

const core = (s: string): { lead: string; body: string; tail: string } => {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(s);
  return { lead: m?.[1] ?? '', body: m?.[2] ?? s, tail: m?.[3] ?? '' };
};

const DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/u;

type Repair = keyof typeof MAX_RATIO;

/** The repair a reading needs, or null when it reads as it should. */
function needs(body: string): Repair | null {
  if (DATE.test(body)) return isPlausibleDate(body.replace(/[.-]/g, '/')) ? null : 'date';
  if (!/^\p{L}+$/u.test(body)) return null;
  return isSyllable(body) ? null : 'syllable';
}

function acceptable(kind: Repair, body: string): boolean {
  switch (kind) {
    case 'date':
      return DATE.test(body) && isPlausibleDate(body.replace(/[.-]/g, '/'));
    case 'syllable':
      return /^\p{L}+$/u.test(body) && isSyllable(body);
  }
}

/** Below this OCR confidence a word is debris more often than a misread word: left as read. */
const MIN_WORD_CONFIDENCE = 0.25;

/**
 * The words of one line, each read again from its alternatives when needed (`redecodeWord`), except a piece
 * of a syllable split in two ("Hoà ng"): joined later, it must not be made a syllable of its own first.
 */
export function redecodeLine<W extends ChoiceWord>(words: readonly W[]): W[] {
  const letters = (w: W | undefined): string | null => (w && /^\p{L}+$/u.test(w.text) ? w.text : null);
  return words.map((w, i) => {
    const self = letters(w);
    const prev = letters(words[i - 1]);
    const next = letters(words[i + 1]);
    if (self && ((prev && isSyllable(prev + self)) || (next && isSyllable(self + next)))) return w;
    return redecodeWord(w);
  });
}

/** The word read again from its alternatives when its first reading needs it; the word itself otherwise. */
export function redecodeWord<W extends ChoiceWord>(w: W): W {
  const choices = w.choices;
  if (!choices?.length || choices.length > 24 || w.confidence < MIN_WORD_CONFIDENCE) return w;
  const first = core(w.text);
  const kind = needs(first.body);
  if (!kind) return w;
  const all = readings(choices);
  const own = all[0];
  if (!own || own.text !== w.text) return w;
  for (const c of all.slice(1)) {
    if (own.score - c.score > Math.log(MAX_RATIO[kind])) break;
    const parts = core(c.text);
    // Punctuation around the word stays as first read; only its letters or digits change.
    if (parts.lead !== first.lead || parts.tail !== first.tail) continue;
    if (!acceptable(kind, parts.body)) continue;
    return {
      ...w,
      text: c.text,
      confidence: w.confidence * Math.exp(c.score - own.score),
      redecoded: w.text,
    };
  }
  return w;
}

/** Words read at least this sure carry no alternatives. */
const SURE_WORD = 0.9;

/**
 * Up to `max` other readings of a word from its symbol choices (whole words, best first), each at most 8× less
 * likely than the first by the recognizer's own scores: what the keying suggestions offer besides the first
 * reading. None for a word read sure, or without choices.
 */
export function wordAlternatives(w: ChoiceWord, max = 3): string[] {
  const choices = w.choices;
  if (!choices?.length || choices.length > 24 || w.confidence >= SURE_WORD) return [];
  const all = readings(choices);
  const own = all[0];
  if (!own) return [];
  const out: string[] = [];
  for (const c of all.slice(1)) {
    if (own.score - c.score > Math.log(MAX_RATIO.syllable) || out.length >= max) break;
    const text = c.text.normalize('NFC');
    if (text !== w.text && !out.includes(text)) out.push(text);
  }
  return out;
}
