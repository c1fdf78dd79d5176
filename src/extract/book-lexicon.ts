/**
 * Reading towards the book lexicon (`domain/lexicons/book-lexicon.ts`: values confirmed earlier in this book).
 * Do no harm: a value is changed only when its reading is weak (low OCR confidence, a repair or a non-syllable
 * in it) and one confirmed value — or, for places, one confirmed comma part — is close to it and clearly closer
 * than any other. A sure reading, or one no confirmed value is near, keeps what OCR read. A changed value says
 * so in a warning and keeps its evidence, so its calibrated confidence stays below the high band.
 */
import { BOOK_LEXICON_KINDS, type BookLexicon } from '../domain/lexicons/book-lexicon';
import type { RegisterDef, ValueKind } from '../domain/registers/types';
import { isSyllable, weightedDistance } from './syllables';
import type { EntryDraft, FieldDraft } from './types';

/** Weak reading: the rule-based confidence or the weakest word is low, or a word is no Vietnamese syllable. */
export function isWeakReading(f: FieldDraft): boolean {
  const score = f.evidence?.score ?? f.confidence;
  const min = f.evidence?.ocrMin ?? f.confidence;
  const words = f.value
    .split(/[\s,]+/)
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);
  return score < 0.8 || min < 0.7 || words.some((w) => !isSyllable(w));
}

const lower = (s: string): string => s.normalize('NFC').toLowerCase();

/** The one candidate close to `text` and clearly closer than the others, or null. */
export function closestUnique(text: string, candidates: readonly string[]): string | null {
  const t = lower(text);
  const n = [...t].length;
  if (n < 3) return null;
  let best: string | null = null;
  let bestD = Infinity;
  let second = Infinity;
  for (const c of candidates) {
    const lc = lower(c);
    if (Math.abs([...lc].length - n) > 2) continue;
    const d = weightedDistance(t, lc);
    if (d < bestD) {
      second = bestD;
      bestD = d;
      best = c;
    } else if (d < second && lower(best ?? '') !== lc) second = d;
  }
  // Close: at most about one wrong letter in six (a wrong mark costs half); clear: the next one is a letter further.
  if (!best || bestD === 0 || bestD > Math.max(1, n * 0.18) || second - bestD < 1) return null;
  return best;
}

const parts = (s: string): string[] =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

function towardsLexicon(kind: ValueKind, value: string, known: readonly string[]): string | null {
  if (known.includes(value)) return null;
  if (kind !== 'place') return closestUnique(value, known);
  const whole = closestUnique(value, known);
  if (whole) return whole;
  const knownParts = [...new Set(known.flatMap(parts))];
  const own = parts(value);
  const out = own.map((p) => (knownParts.includes(p) ? p : (closestUnique(p, knownParts) ?? p)));
  return out.some((p, i) => p !== own[i]) ? out.join(', ') : null;
}

/** Applies the book lexicon to the page's weakly read values; returns how many values it changed. */
export function applyBookLexicon(reg: RegisterDef, entries: readonly EntryDraft[], lex: BookLexicon): number {
  let changed = 0;
  for (const e of entries)
    for (const fd of reg.fields) {
      if (!BOOK_LEXICON_KINDS.includes(fd.kind)) continue;
      const known = lex.values[fd.kind];
      const f = e.fields[fd.key];
      if (!known?.length || !f?.value || !isWeakReading(f)) continue;
      const v = towardsLexicon(fd.kind, f.value, known);
      if (!v || v === f.value) continue;
      f.warnings.push(`Đọc theo giá trị đã xác nhận trong sổ (OCR đọc "${f.value}"): kiểm tra với ảnh.`);
      f.evidence = {
        ...(f.evidence ?? { ocrMean: f.confidence, ocrMin: f.confidence, fit: 1, reread: false }),
        score: f.evidence?.score ?? f.confidence,
        bookLexicon: true,
      };
      f.value = v;
      changed++;
    }
  return changed;
}
