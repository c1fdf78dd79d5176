/**
 * Vietnamese tones: split a syllable into base + tone, place a tone by the old (hòa, thủy) or new
 * (hoà, thuỷ) convention, and a tone-placement-insensitive comparison key.
 */
import { collapseSpaces, nfc } from './normalize';

export type Tone = 'ngang' | 'huyen' | 'sac' | 'hoi' | 'nga' | 'nang';
export type TonePlacement = 'old' | 'new';

const TONE_MARKS: Record<Exclude<Tone, 'ngang'>, string> = {
  huyen: '\u0300',
  sac: '\u0301',
  hoi: '\u0309',
  nga: '\u0303',
  nang: '\u0323',
};
const MARK_TO_TONE = new Map<string, Tone>(
  Object.entries(TONE_MARKS).map(([tone, mark]) => [mark, tone as Tone]),
);
const TONE_MARK_RE = /[\u0300\u0301\u0303\u0309\u0323]/gu;
/** Vowel-quality marks: circumflex, breve, horn. */
const QUALITY_MARK_RE = /[\u0302\u0306\u031b]/u;

/** Split a syllable (or any text) into its toneless base (NFC) and its tone (first tone mark found). */
export function splitTone(syllable: string): { base: string; tone: Tone } {
  const d = syllable.normalize('NFD');
  const m = d.match(TONE_MARK_RE);
  const tone: Tone = m && m[0] ? (MARK_TO_TONE.get(m[0]) ?? 'ngang') : 'ngang';
  return { base: d.replace(TONE_MARK_RE, '').normalize('NFC'), tone };
}

function baseLetter(ch: string): string {
  return ch.normalize('NFD').charAt(0).toLowerCase();
}
function isVowel(ch: string): boolean {
  return 'aeiouy'.includes(baseLetter(ch));
}
function hasQualityMark(ch: string): boolean {
  return QUALITY_MARK_RE.test(ch.normalize('NFD'));
}

/** Index (in code points of the NFC base) of the vowel that carries the tone, or -1. */
export function toneVowelIndex(base: string, placement: TonePlacement = 'old'): number {
  const chars = [...nfc(base)];
  let start = chars.findIndex(isVowel);
  if (start < 0) return -1;
  let end = start;
  while (end < chars.length && isVowel(chars[end] ?? '')) end++;
  const lower = chars.map((c) => baseLetter(c));
  // "qu" and "gi" onsets: the u / i belongs to the consonant when another vowel follows.
  const prev = start > 0 ? lower[start - 1] : '';
  if (end - start > 1 && ((prev === 'q' && lower[start] === 'u') || (prev === 'g' && lower[start] === 'i'))) {
    start++;
  }
  const cluster = chars.slice(start, end);
  const marked = cluster.map(hasQualityMark);
  // ươ: the tone goes on ơ (the last marked vowel); otherwise on the marked vowel.
  const lastMarked = marked.lastIndexOf(true);
  if (lastMarked >= 0) return start + lastMarked;
  if (cluster.length === 1) return start;
  const hasFinal = end < chars.length;
  if (hasFinal) return end - 1;
  if (cluster.length >= 3) return start + 1;
  const pair = cluster.map((c) => baseLetter(c)).join('');
  if (placement === 'new' && (pair === 'oa' || pair === 'oe' || pair === 'uy')) return start + 1;
  return start;
}

/** Put `tone` on a toneless base following the Vietnamese placement rules (old or new style). */
export function applyTone(base: string, tone: Tone, placement: TonePlacement = 'old'): string {
  const clean = splitTone(base).base;
  if (tone === 'ngang') return clean;
  const idx = toneVowelIndex(clean, placement);
  if (idx < 0) return clean;
  const chars = [...clean];
  const ch = chars[idx] ?? '';
  chars[idx] = (ch.normalize('NFD') + TONE_MARKS[tone]).normalize('NFC');
  return chars.join('');
}

/** Re-place the tone of every word of `s` by one convention ("hoà" → "hòa" with 'old'). */
export function normalizeTonePlacement(s: string, placement: TonePlacement = 'old'): string {
  return nfc(s).replace(/\p{L}+/gu, (w) => {
    const { base, tone } = splitTone(w);
    return applyTone(base, tone, placement);
  });
}

/**
 * Comparison key insensitive to tone placement, case and spacing: each word becomes its toneless base
 * plus a tone digit ("hòa" and "hoà" → "hoa2"; "hóa" → "hoa1"). Different tones or vowels stay distinct.
 */
export function toneInsensitiveKey(s: string): string {
  const digits: Record<Tone, string> = { ngang: '', huyen: '2', sac: '1', hoi: '3', nga: '4', nang: '5' };
  return collapseSpaces(
    nfc(s)
      .toLowerCase()
      .replace(/\p{L}+/gu, (w) => {
        const { base, tone } = splitTone(w);
        return base + digits[tone];
      }),
  );
}
