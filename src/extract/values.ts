/**
 * Cutting values out of OCR lines: the text after a label up to the next label on the same line, plus the
 * following label-less lines when the value can wrap (addresses, notes, dates in words, long names).
 */
import { boxUnion, type Box } from '../domain/geometry';
import type { ValueKind } from '../domain/registers/types';
import type { AssignedHit } from './assign';
import { spanBox, type LineText } from './line-text';
import { isSyllable } from './syllables';

export interface RawValue {
  text: string;
  box: Box | null;
  confidence: number;
  /** Line indexes the value was read from. */
  lines: number[];
}

const WRAPPING: ReadonlySet<ValueKind> = new Set(['place', 'text', 'date_words', 'name', 'relation']);

/** Leader dots, underscores, colons and stray marks around a value. */
const LEAD = /^[\s:;.,…_·'"`|!-]+/;
const TRAIL = /[\s:;,…_·'"`|-]+$|(?<=\S)\s*\.{1,}$/;

export function cleanValueText(s: string): string {
  let t = s.replace(/\.{2,}|…+|_{2,}/g, ' ');
  t = t.replace(LEAD, '');
  let prev = '';
  while (prev !== t) {
    prev = t;
    t = t.replace(TRAIL, '');
  }
  return t.replace(/\s+/g, ' ').trim();
}

/** OCR debris: no letter or digit, or a short low-confidence token (speckles, leader remnants). */
export function isJunk(text: string, confidence: number): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  const core = text.replace(/[^\p{L}\p{N}]/gu, '');
  // Letters that never occur in Vietnamese text (Ñ, ˆ, ...) mark speckles read as glyphs.
  if (/[^\p{N}a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀ-ỹĐ]/u.test(core)) return true;
  if (/^\p{N}+$/u.test(core)) return false;
  if (core.length > 3) return false;
  // Short tokens at a value's edge: kept when they are Vietnamese syllables read with some confidence.
  if (!isSyllable(core)) return core.length <= 2 || confidence < 0.8;
  return confidence < 0.5 && core.length <= 2;
}

/** Char range [start, end) of the line with debris words at both ends dropped. */
export function trimJunk(line: LineText, start: number, end: number): [number, number] {
  const wordRange = (i: number): [number, number] => {
    const w = line.wordAt[i];
    let a = i;
    let b = i;
    while (a > 0 && line.wordAt[a - 1] === w) a--;
    while (b < line.wordAt.length && line.wordAt[b] === w) b++;
    return [a, b];
  };
  let s = start;
  let e = end;
  while (s < e) {
    while (s < e && line.wordAt[s] === -1) s++;
    if (s >= e) break;
    const [a, b] = wordRange(s);
    const w = line.words[line.wordAt[s] ?? -1];
    if (!w || !isJunk(line.text.slice(Math.max(a, s), Math.min(b, e)), w.confidence)) break;
    s = b;
  }
  while (e > s) {
    while (e > s && line.wordAt[e - 1] === -1) e--;
    if (e <= s) break;
    const [a, b] = wordRange(e - 1);
    const w = line.words[line.wordAt[e - 1] ?? -1];
    if (!w || !isJunk(line.text.slice(Math.max(a, s), Math.min(b, e)), w.confidence)) break;
    e = a;
  }
  return [s, Math.max(s, e)];
}

function lineConfidence(line: LineText, start: number, end: number): number {
  const seen = new Set<number>();
  let sum = 0;
  for (let i = start; i < end; i++) {
    const w = line.wordAt[i];
    if (w === undefined || w < 0 || seen.has(w)) continue;
    seen.add(w);
    sum += line.words[w]?.confidence ?? 0;
  }
  return seen.size ? sum / seen.size : 0;
}

export function valueOf(
  assigned: readonly AssignedHit[],
  index: number,
  lines: readonly LineText[],
  kind: ValueKind,
  labelLines: ReadonlySet<number>,
): RawValue {
  const a = assigned[index];
  if (!a) return { text: '', box: null, confidence: 0, lines: [] };
  const line = lines[a.hit.line];
  if (!line) return { text: '', box: null, confidence: 0, lines: [] };
  const nextOnLine = assigned.find((b, j) => j > index && b.hit.line === a.hit.line);
  let end = nextOnLine ? nextOnLine.hit.start : line.text.length;
  let start = a.hit.end;
  while (start < end && /[\s:;.,…_·|]/.test(line.text[start] ?? '')) start++;
  [start, end] = trimJunk(line, start, end);
  const parts: string[] = [line.text.slice(start, end)];
  const boxes: Box[] = [];
  const confs: number[] = [];
  const b0 = start < end ? spanBox(line, start, end) : null;
  if (b0 && cleanValueText(parts[0] ?? '')) {
    boxes.push(b0);
    confs.push(lineConfidence(line, start, end));
  }
  const used = [a.hit.line];
  if (WRAPPING.has(kind) && !nextOnLine) {
    let prev = line;
    for (let l = a.hit.line + 1; l < lines.length && !labelLines.has(l); l++) {
      const cont = lines[l];
      if (!cont) break;
      const gap = cont.box[1] - (prev.box[1] + prev.box[3]);
      const lineH = Math.min(prev.box[3], cont.box[3]);
      if (gap > lineH * 0.9) break;
      if (cont.folded.length < 2) break;
      // A wrapped value starts at the label column or the value column, not far right.
      if (cont.box[0] > line.box[0] + line.box[2] * 0.6) break;
      const [cs, ce] = trimJunk(cont, 0, cont.text.length);
      if (ce <= cs) break;
      parts.push(cont.text.slice(cs, ce));
      const cb = spanBox(cont, cs, ce);
      if (cb) boxes.push(cb);
      confs.push(lineConfidence(cont, cs, ce));
      used.push(l);
      prev = cont;
    }
  }
  const text = cleanValueText(parts.map(cleanValueText).filter(Boolean).join(' '));
  const confidence = confs.length ? confs.reduce((x, y) => x + y, 0) / confs.length : 0;
  return { text, box: text ? boxUnion(boxes) : null, confidence: text ? confidence : 0, lines: used };
}
