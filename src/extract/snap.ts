/**
 * Snapping an OCR reading to a closed list (ethnic groups, nationalities, relations, unit names) only when
 * the evidence is strong: the folded forms are equal, or one edit apart with no rival as close. Otherwise the
 * reading is kept as read.
 */
import { levenshtein } from '../domain/text/distance';
import { normalizeTonePlacement, toneInsensitiveKey } from '../domain/text/tone';
import { foldString } from './line-text';

export interface SnapIndex {
  /** folded form → canonical spellings with that folded form */
  byFold: Map<string, string[]>;
  folds: string[];
}

export function buildSnapIndex(forms: Iterable<[form: string, canonical: string]>): SnapIndex {
  const byFold = new Map<string, string[]>();
  for (const [form, canonical] of forms) {
    const f = foldString(form);
    if (!f) continue;
    const list = byFold.get(f) ?? [];
    if (!list.includes(canonical)) list.push(canonical);
    byFold.set(f, list);
  }
  return { byFold, folds: [...byFold.keys()] };
}

/** Diacritic-level distance: edits between the NFD forms (so a wrong tone mark costs 1). */
function markDistance(a: string, b: string): number {
  return levenshtein(a.normalize('NFD').toLowerCase(), b.normalize('NFD').toLowerCase());
}

export interface Snapped {
  value: string;
  /** 1 = the reading was already a list form; lower when it was corrected. */
  agreement: number;
}

export function snap(text: string, index: SnapIndex, maxEdits = 1): Snapped | null {
  const f = foldString(text);
  if (!f) return null;
  const exact = index.byFold.get(f);
  if (exact && exact.length > 0) {
    // Same letters and tones, other tone-mark placement (Thủy / Thuỷ): keep what the register wrote.
    if (exact.includes(text)) return { value: text, agreement: 1 };
    const sameLetters = exact.find((c) => c.toLowerCase() === text.toLowerCase());
    if (sameLetters) return { value: sameLetters, agreement: 0.95 };
    if (exact.some((c) => toneInsensitiveKey(c) === toneInsensitiveKey(text)))
      return { value: text, agreement: 1 };
    const best = [...exact].sort((a, b) => markDistance(a, text) - markDistance(b, text))[0] ?? text;
    return { value: normalizeTonePlacement(best, 'old'), agreement: 0.9 };
  }
  if (f.length < 4 || maxEdits === 0) return null;
  let bestD = Infinity;
  let best: string[] = [];
  for (const cand of index.folds) {
    if (Math.abs(cand.length - f.length) > maxEdits) continue;
    const d = levenshtein(cand, f);
    if (d < bestD) {
      bestD = d;
      best = [cand];
    } else if (d === bestD) best.push(cand);
  }
  if (bestD > maxEdits || best.length === 0) return null;
  // Ties on the folded form are broken by the letters with their marks ("hồng" is "Chồng", not "Ông").
  const named = best.flatMap((f) => index.byFold.get(f) ?? []);
  const scored = named.map((n) => ({ n, d: markDistance(n, text) })).sort((a, b) => a.d - b.d);
  if (scored.length === 0 || (scored.length > 1 && scored[0]?.d === scored[1]?.d)) return null;
  const names = [scored[0]?.n ?? text];
  return { value: normalizeTonePlacement(names[0] ?? text, 'old'), agreement: 0.75 };
}
