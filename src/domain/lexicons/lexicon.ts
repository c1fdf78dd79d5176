/** A small code list with aliases, matched exactly, then tone-placement-insensitively, then on a folded key. */
import { compactKey, nfc } from '../text/normalize';
import { toneInsensitiveKey } from '../text/tone';

export interface LexiconEntry {
  /** Code (GSO ethnicity code, ISO country code, template code, or the canonical text). */
  code: string;
  /** Canonical spelling as printed in registers. */
  canonical: string;
  /** Other spellings, aliases and old names that mean the same. */
  variants: string[];
}

export interface Lexicon {
  readonly entries: readonly LexiconEntry[];
  /** Canonical spellings, in list order (for pick-lists and OCR correction). */
  readonly candidates: readonly string[];
  /** Canonical spelling for `text`, or null. */
  lookup(text: string): string | null;
  lookupEntry(text: string): LexiconEntry | null;
}

/**
 * Build a lexicon. Matching levels, first hit wins: exact (NFC, case-insensitive) → tone-placement-
 * insensitive → folded without diacritics, spaces or hyphens ("Cơ-tu", "Co Tu", "Cotu").
 */
export function createLexicon(entries: readonly LexiconEntry[]): Lexicon {
  const exact = new Map<string, LexiconEntry>();
  const tone = new Map<string, LexiconEntry>();
  const folded = new Map<string, LexiconEntry>();
  const exactKey = (s: string): string => nfc(s).trim().replace(/\s+/gu, ' ').toLocaleLowerCase('vi');
  const toneKey = (s: string): string => toneInsensitiveKey(s).replace(/[\s\-–‑]+/gu, ' ');
  for (const e of entries) {
    for (const form of [e.canonical, ...e.variants]) {
      if (!exact.has(exactKey(form))) exact.set(exactKey(form), e);
      if (!tone.has(toneKey(form))) tone.set(toneKey(form), e);
      const f = compactKey(form);
      if (f && !folded.has(f)) folded.set(f, e);
    }
  }
  const lookupEntry = (text: string): LexiconEntry | null => {
    if (!text || !text.trim()) return null;
    return exact.get(exactKey(text)) ?? tone.get(toneKey(text)) ?? folded.get(compactKey(text)) ?? null;
  };
  return {
    entries,
    candidates: entries.map((e) => e.canonical),
    lookupEntry,
    lookup: (text) => lookupEntry(text)?.canonical ?? null,
  };
}
