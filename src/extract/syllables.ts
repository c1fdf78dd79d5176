/**
 * Known Vietnamese syllables (see scripts/build-syllables.mjs for sources and licences) and correction of
 * tokens that are not syllables to the nearest one, with an edit cost that knows Tesseract's typical
 * confusions on handwriting-like scripts (h read as f/Í/ñ, k as É, ...). A token that is already a syllable
 * is never changed: tone errors between two real syllables need context, not this.
 */
import data from '../domain/data/syllables.json';
import { CAUSE_OF_DEATH_PHRASES, INSTITUTION_PHRASES, NOTE_PHRASES } from '../domain/lexicons/phrases';

interface SyllableData {
  syllables: string[];
  nameFreq: Record<string, number>;
}
const d = data as SyllableData;

let set: Set<string> | null = null;
let byLength: Map<number, string[]> | null = null;

export function isSyllable(s: string): boolean {
  set ??= new Set([
    ...d.syllables,
    ...[...INSTITUTION_PHRASES, ...CAUSE_OF_DEATH_PHRASES, ...NOTE_PHRASES].flatMap((p) =>
      p.toLowerCase().split(/[\s-]+/u),
    ),
  ]);
  return set.has(s.normalize('NFC').toLowerCase());
}

/** Cheap substitutions: glyphs Tesseract puts in place of letters of cursive hands. */
const CONFUSABLE: Record<string, string> = {
  f: 'h',
  í: 'h',
  ñ: 'h',
  é: 'k',
  ÿ: 'y',
  '1': 'l',
  '0': 'o',
  '5': 's',
  '8': 'b',
};

/** Vowel pairs no syllable holds ("uu" with or without marks): the second letter is a misread y. */
const NO_SYLLABLE_PAIR = /u[\u0300-\u036f]*u/u;

function subCost(a: string, b: string): number {
  if (a === b) return 0;
  if (CONFUSABLE[a] === b) return 0.4;
  // Handwritten y read as u ("Nguuễn", "huuện", "Thủu"): cheap only where the reading shows it (see below).
  if (a === 'u' && b === 'y') return 0.4;
  const ba = a.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const bb = b.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (ba === bb) return 0.5; // same letter, other diacritic
  return 1;
}

export function weightedDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + subCost(x[i - 1] ?? '', y[j - 1] ?? ''),
      );
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

function candidates(len: number): string[] {
  if (!byLength) {
    byLength = new Map();
    for (const s of d.syllables) {
      const n = [...s].length;
      const list = byLength.get(n) ?? [];
      list.push(s);
      byLength.set(n, list);
    }
  }
  return [len - 1, len, len + 1].flatMap((n) => byLength?.get(n) ?? []);
}

function matchCase(model: string, s: string): string {
  // A capital that is itself a confusion glyph (É for k) says nothing about case.
  if (CONFUSABLE[(model[0] ?? '').toLowerCase()] && model.slice(1) === model.slice(1).toLowerCase()) return s;
  if (model.length > 1 && model === model.toUpperCase() && model !== model.toLowerCase())
    return s.toUpperCase();
  if (model[0] && model[0] === model[0].toUpperCase() && model[0] !== model[0].toLowerCase())
    return s.charAt(0).toUpperCase() + s.slice(1);
  return s;
}

/**
 * The syllable a non-syllable token most likely is, or null. Accepted when the best weighted distance is
 * at most `maxCost` and no other syllable is as close (name frequency breaks ties).
 */
const memo = new Map<string, string | null>();

export function correctSyllable(token: string, maxCost = 1): string | null {
  const k = `${maxCost}|${token}`;
  if (memo.has(k)) return memo.get(k) ?? null;
  const r = correctSyllableUncached(token, maxCost);
  if (memo.size > 20000) memo.clear();
  memo.set(k, r);
  return r;
}

function correctSyllableUncached(token: string, maxCost: number): string | null {
  const lower = token.normalize('NFC').toLowerCase();
  if (!/^\p{L}+$/u.test(lower) || isSyllable(lower)) return null;
  // "Mg…", "Mh…" are no Vietnamese onsets: the cursive N read as M.
  if (/^m[gh]/u.test(lower) && isSyllable('n' + lower.slice(1)))
    return matchCase(token, 'n' + lower.slice(1));
  const len = [...lower].length;
  if (len < 2) return null;
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of candidates(len)) {
    const dist = weightedDistance(lower, c);
    if (dist < bestD - 1e-9) {
      bestD = dist;
      best = [c];
    } else if (Math.abs(dist - bestD) < 1e-9) best.push(c);
  }
  // A whole wrong letter is only trusted when the token shows OCR trouble (a glyph foreign to Vietnamese or
  // a known confusion): "Ating", "Ksor", "Bhling" are names, not misreads.
  const troubled =
    NO_SYLLABLE_PAIR.test(lower.normalize('NFD')) ||
    [...lower].some(
      (ch) =>
        ch in CONFUSABLE ||
        !/[a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/u.test(ch),
    );
  if (bestD > (troubled ? maxCost : Math.min(maxCost, 0.5)) || best.length === 0) return null;
  if (best.length > 1) {
    best.sort((a, b) => (d.nameFreq[b] ?? 0) - (d.nameFreq[a] ?? 0));
    const f0 = d.nameFreq[best[0] ?? ''] ?? 0;
    const f1 = d.nameFreq[best[1] ?? ''] ?? 0;
    if (f0 === f1) return null;
  }
  return matchCase(token, best[0] ?? token);
}

/**
 * A syllable OCR split in two ("Th ủy", "Hoà ng"): two neighbouring words, one of them no syllable, that
 * together make one are joined. Two real syllables are never joined.
 */
export function joinSplitSyllables(text: string): { text: string; changed: number } {
  let changed = 0;
  const words = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i] ?? '';
    const b = words[i + 1];
    const letters = /^\p{L}+$/u;
    if (
      b !== undefined &&
      letters.test(a) &&
      letters.test(b) &&
      !(isSyllable(a) && isSyllable(b)) &&
      isSyllable(a + b)
    ) {
      out.push(a + b);
      changed++;
      i++;
    } else out.push(a);
  }
  return { text: out.join(' '), changed };
}

/** Corrects every non-syllable word of a text (punctuation kept), after joining syllables split in two. */
export function correctSyllables(text: string, maxCost = 1): { text: string; changed: number } {
  const joined = joinSplitSyllables(text);
  let changed = joined.changed;
  const out = joined.text.replace(/\p{L}+/gu, (w) => {
    const c = correctSyllable(w, maxCost);
    if (c && c !== w) {
      changed++;
      return c;
    }
    return w;
  });
  return { text: out, changed };
}
