/**
 * Finding printed labels in OCR lines. Every label variant of the register is searched in each line's folded
 * text with an edit budget proportional to its length; overlapping hits keep the best (longest label, fewest
 * edits), so "Số định danh cá nhân" wins over "Số" and "Nơi cư trú cuối cùng" over "Nơi cư trú".
 */
import type { RegisterDef } from '../domain/registers/types';
import { approxFind } from './approx-match';
import { foldString, isWordStart, type LineText } from './line-text';

export interface LabelPattern {
  folded: string;
  /** Indexes into RegisterDef.fields that print this label. */
  fields: number[];
}

export interface LabelHit {
  line: number;
  /** Char range of the label in `LineText.text` (end exclusive, before any colon). */
  start: number;
  end: number;
  cost: number;
  pattern: LabelPattern;
}

export function labelPatterns(reg: RegisterDef): LabelPattern[] {
  const byFold = new Map<string, LabelPattern>();
  reg.fields.forEach((fd, i) => {
    for (const label of fd.labels) {
      const folded = foldString(label);
      if (!folded) continue;
      const p = byFold.get(folded) ?? { folded, fields: [] };
      if (!p.fields.includes(i)) p.fields.push(i);
      byFold.set(folded, p);
    }
  });
  return [...byFold.values()];
}

function budget(len: number): number {
  if (len <= 4) return 0;
  if (len <= 7) return 1;
  return Math.floor(len * 0.22);
}

/** How good a label hit is: long labels read with few edits first. */
export function labelScore(h: Pick<LabelHit, 'cost' | 'pattern'>): number {
  return h.pattern.folded.length - 2.5 * h.cost;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A label read with edits may have eaten the start of its value: "Họ, chữ đệm, tên người mẹ" found in
 * "Họ, chữ đệm, tên người. Đặng Thị Tâm" ending inside "Đặng", or "… năm đăng ký" ending on the "16" of
 * "16/07/2018". When the hit ends inside a word, or on digits (no label has any), and that word is no longer
 * than the hit's edits, the hit ends before it instead: the same edits, spent as deletions of the label's
 * last letters rather than as substitutions by the value's first ones.
 */
export function trimIntoValue(text: string, start: number, end: number, cost: number): number {
  if (cost === 0) return end;
  let ws = end;
  while (ws > start && WORD_CHAR.test(text[ws - 1] ?? '')) ws--;
  if (ws <= start || ws === end) return end;
  const token = text.slice(ws, end);
  const midWord = WORD_CHAR.test(text[end] ?? '');
  if (!midWord && !/^\d+$/u.test(token)) return end;
  if (foldString(token).length > cost) return end;
  let e = ws;
  while (e > start && /[\s.,…·_]/u.test(text[e - 1] ?? '')) e--;
  return e;
}

/** Label hits in one line, left to right, non-overlapping. */
export function findLabels(line: LineText, lineIndex: number, patterns: readonly LabelPattern[]): LabelHit[] {
  const cands: LabelHit[] = [];
  for (const p of patterns) {
    const len = p.folded.length;
    for (const m of approxFind(p.folded, line.folded, budget(len))) {
      const start = line.map[m.start] ?? 0;
      const lastChar = line.map[m.end - 1] ?? start;
      const end = trimIntoValue(line.text, start, lastChar + 1, m.cost);
      // A label starts a word (allow one stray char before it when the label is long, or when it is a ruled
      // line read as a letter: "lDân tộc:").
      // A label glued to the previous label's colon ("năm sinh:Giới tính:") starts there too.
      const afterColon = /[:;]/.test(line.text[start - 1] ?? '');
      const strayBefore = isWordStart(line, Math.max(0, start - 1));
      const ruleBefore = /[lI|!]/.test(line.text[start - 1] ?? '') && /\p{Lu}/u.test(line.text[start] ?? '');
      if (!isWordStart(line, start) && !afterColon && !(strayBefore && (len >= 8 || ruleBefore))) continue;
      // Short labels ("Số") only at the start of a line and followed by a colon or a number.
      if (len <= 4) {
        if (m.start !== 0) continue;
        const after = line.text.slice(end, end + 3);
        if (!/^\s*[:;.,\-–]?\s*[\dOoIlS]/.test(after) && !/^\s*:/.test(after)) continue;
      }
      // Labels inside a line (two-column layouts) must be long enough not to be found in values, and are
      // followed by their colon (a value such as "Nguyễn Quỳnh" must not read as "Nguyên quán").
      if (m.start > 0) {
        if (len < 6) continue;
        const after = line.text.slice(end, end + 3);
        const atEnd = line.text.slice(end).trim() === '';
        if (!/^\S?\s*[:;]/.test(after) && !(m.cost === 0 && atEnd)) continue;
      }
      cands.push({ line: lineIndex, start, end, cost: m.cost, pattern: p });
    }
  }
  const score = labelScore;
  cands.sort((a, b) => score(b) - score(a));
  const kept: LabelHit[] = [];
  for (const c of cands) {
    if (score(c) <= 1) continue;
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
