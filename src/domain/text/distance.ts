/** Edit distances on code points (NFC), and the character error rate used by the benchmark. */

/** Levenshtein distance between two strings, counted in Unicode code points. */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/**
 * Smallest edit distance between `pattern` and any substring of `text` (Sellers' algorithm).
 * Used to find a possibly OCR-damaged phrase inside a longer line.
 */
export function substringDistance(pattern: string, text: string): number {
  const p = [...pattern];
  const t = [...text];
  let prev = Array.from({ length: t.length + 1 }, () => 0);
  for (let i = 1; i <= p.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = p[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return Math.min(...prev);
}

/**
 * Character error rate: edit distance / reference length, after NFC and whitespace collapsing.
 * An empty reference gives 0 for an empty hypothesis and 1 otherwise.
 */
export function cer(hypothesis: string, reference: string): number {
  const norm = (s: string): string => s.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const h = norm(hypothesis);
  const r = norm(reference);
  const len = [...r].length;
  if (len === 0) return h.length === 0 ? 0 : 1;
  return levenshtein(h, r) / len;
}
