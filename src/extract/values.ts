/**
 * Cutting values out of OCR lines: the text after a label up to the next label on the same line, plus the
 * following label-less lines when the value can wrap (addresses, notes, dates in words, long names).
 */
import { boxUnion, type Box } from '../domain/geometry';
import type { ValueKind } from '../domain/registers/types';
import type { AssignedHit } from './assign';
import { spanBox, type LineText } from './line-text';

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
  const end = nextOnLine ? nextOnLine.hit.start : line.text.length;
  let start = a.hit.end;
  while (start < end && /[\s:;.,…_·|]/.test(line.text[start] ?? '')) start++;
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
      parts.push(cont.text);
      boxes.push(cont.box);
      confs.push(lineConfidence(cont, 0, cont.text.length));
      used.push(l);
      prev = cont;
    }
  }
  const text = cleanValueText(parts.map(cleanValueText).filter(Boolean).join(' '));
  const confidence = confs.length ? confs.reduce((x, y) => x + y, 0) / confs.length : 0;
  return { text, box: text ? boxUnion(boxes) : null, confidence: text ? confidence : 0, lines: used };
}
