/**
 * Repairing known phrases inside a value ("Bÿnf viện Trùng ương" → "Bệnh viện Trung ương"): a run of words
 * whose letters are within a small weighted edit distance of a listed phrase is replaced by the phrase.
 * Words outside such runs are left as read.
 */
import { weightedDistance } from './syllables';

const key = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

interface Phrase {
  text: string;
  words: number;
  key: string;
}

const cache = new WeakMap<readonly string[], Phrase[]>();

function prepare(list: readonly string[]): Phrase[] {
  let p = cache.get(list);
  if (!p) {
    p = list
      .map((text) => ({ text, words: text.split(' ').length, key: key(text) }))
      .sort((a, b) => b.key.length - a.key.length);
    cache.set(list, p);
  }
  return p;
}

export function repairPhrases(text: string, list: readonly string[]): { text: string; changed: number } {
  const words = text.split(' ').filter(Boolean);
  const used = new Array<boolean>(words.length).fill(false);
  const replacement = new Map<number, { end: number; text: string }>();
  // Each window of words takes its closest phrase (a reading equal to one phrase is never taken for a
  // similar one: "khai tử quá hạn" is not "khai sinh quá hạn"); longer phrases are placed first.
  const best = new Map<string, { i: number; span: number; d: number; ph: Phrase }>();
  for (const ph of prepare(list)) {
    if (ph.key.length < 4) continue;
    for (const span of [ph.words, ph.words - 1, ph.words + 1]) {
      if (span < 1) continue;
      for (let i = 0; i + span <= words.length; i++) {
        // A phrase does not run across a comma.
        if (words.slice(i, i + span - 1).some((w) => /[,;:.]$/u.test(w))) continue;
        const k = key(words.slice(i, i + span).join(' '));
        if (Math.abs(k.length - ph.key.length) > 2) continue;
        const d = weightedDistance(k, ph.key);
        // Short phrases ("thị xã") only by their marks: "Thê xã" is a village and a commune.
        if (d > (ph.key.length <= 7 ? 0.5 : ph.key.length * 0.2)) continue;
        const at = `${i}:${span}`;
        const prev = best.get(at);
        if (!prev || d < prev.d) best.set(at, { i, span, d, ph });
      }
    }
  }
  const cands = [...best.values()].sort(
    (a, b) => b.ph.key.length - a.ph.key.length || a.d - b.d || a.i - b.i,
  );
  let changed = 0;
  for (const { i, span, ph } of cands) {
    if (used.slice(i, i + span).some(Boolean)) continue;
    const window = words.slice(i, i + span).join(' ');
    // Keep the trailing punctuation of the window ("viện," stays followed by its comma).
    const trail = /[^\p{L}\p{N}]+$/u.exec(window)?.[0] ?? '';
    let out = ph.text + trail;
    const first = window.replace(/^[^\p{L}]+/u, '')[0] ?? '';
    if (first && first === first.toLowerCase() && i > 0) out = out.charAt(0).toLowerCase() + out.slice(1);
    if (first && first !== first.toLowerCase() && ph.text[0] === ph.text[0]?.toLowerCase())
      out = out.charAt(0).toUpperCase() + out.slice(1);
    if (out !== window) changed++;
    replacement.set(i, { end: i + span, text: out });
    for (let j = i; j < i + span; j++) used[j] = true;
  }
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const r = replacement.get(i);
    if (r) {
      out.push(r.text);
      i = r.end;
    } else {
      out.push(words[i] ?? '');
      i++;
    }
  }
  return { text: out.join(' '), changed };
}
