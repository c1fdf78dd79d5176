/**
 * Labels that wrap inside their cell (ruled ledgers, narrow label columns): "Họ, chữ đệm, tên người đi" on
 * one line with the value beside it, and "đăng ký khai sinh:" alone on the next. A short line ending its label
 * part with a colon is taken as the tail of a label whose head is found on the line above, starting at the
 * same column. The head becomes the label hit (replacing shorter labels it overlaps) and the tail line is
 * marked as label text, so it never joins a value.
 */
import { approxFind } from './approx-match';
import { labelScore, type LabelHit, type LabelPattern } from './labels';
import { foldString, isWordStart, type LineText, spanBox } from './line-text';
import { levenshtein } from '../domain/text/distance';

export interface WrappedResult {
  hits: LabelHit[];
  /** Lines holding only the tail of a wrapped label. */
  tails: Set<number>;
}

export function findWrappedLabels(
  lines: readonly LineText[],
  hits: readonly LabelHit[],
  patterns: readonly LabelPattern[],
): WrappedResult {
  const out = [...hits];
  const tails = new Set<number>();
  const hitLines = new Set(hits.map((h) => h.line));
  for (let l2 = 1; l2 < lines.length; l2++) {
    const tail = lines[l2];
    const above = lines[l2 - 1];
    if (!tail || !above || hitLines.has(l2)) continue;
    const colon = tail.text.search(/[:;]/);
    if (colon <= 0) continue;
    const head2 = tail.text.slice(0, colon);
    // "đi đăng ký khai sinh:" is five words; "mẹ:", "ký:" two letters (then the tail must be read exactly).
    if (head2.trim().split(/\s+/).length > 6) continue;
    const t = foldString(head2);
    if (t.length < 2) continue;
    const gap = tail.box[1] - (above.box[1] + above.box[3]);
    if (gap > tail.box[3] * 1.2) continue;
    let best: LabelHit | null = null;
    let bestScore = -Infinity;
    for (const p of patterns) {
      if (p.folded.length < t.length + 4) continue;
      const end = p.folded.slice(-t.length);
      const endCost = levenshtein(end, t);
      if (endCost > (t.length < 3 ? 0 : Math.max(1, Math.floor(t.length * 0.2)))) continue;
      const head = p.folded.slice(0, p.folded.length - t.length);
      for (const m of approxFind(head, above.folded, Math.max(1, Math.floor(head.length * 0.2)))) {
        const start = above.map[m.start] ?? 0;
        const endChar = (above.map[m.end - 1] ?? start) + 1;
        if (!isWordStart(above, start)) continue;
        // The tail starts in the head's column.
        const headBox = spanBox(above, start, endChar);
        if (!headBox || Math.abs(headBox[0] - tail.box[0]) > tail.box[3] * 2) continue;
        const score = labelScore({ pattern: p, cost: m.cost + endCost });
        if (score > bestScore) {
          bestScore = score;
          best = { line: l2 - 1, start, end: endChar, cost: m.cost + endCost, pattern: p };
        }
      }
    }
    if (!best) continue;
    const b = best;
    // The whole label already read on the line above ("Thời gian chết" before a garbled "m chết:") is no head.
    if (
      out.some((h) => h.line === b.line && h.start < b.end && b.start < h.end && labelScore(h) >= bestScore)
    )
      continue;
    // Shorter labels the head overlaps ("Họ, chữ đệm, tên" inside "Họ, chữ đệm, tên người đi …") give way.
    for (let i = out.length - 1; i >= 0; i--) {
      const h = out[i];
      if (h && h.line === b.line && h.start < b.end && b.start < h.end) out.splice(i, 1);
    }
    out.push(b);
    tails.add(l2);
  }
  out.sort((x, y) => x.line - y.line || x.start - y.start);
  return { hits: out, tails };
}
