/**
 * A text line as one string with a folded view for fuzzy label matching: `folded` keeps only letters and
 * digits (lower case, no diacritics, đ→d), and `map[i]` is the index in `text` of folded char i, so a match in
 * the folded view can be cut back out of the verbatim text.
 */
import type { Box } from '../domain/geometry';

export interface LineWord {
  text: string;
  box: Box;
  confidence: number;
}

export interface LineText {
  words: LineWord[];
  /** Words joined by single spaces (NFC). */
  text: string;
  /** `wordAt[i]`: index of the word holding char i of `text` (-1 for the joining spaces). */
  wordAt: number[];
  folded: string;
  map: number[];
  box: Box;
  /** The ruled row the line lies in (bordered forms), null or absent when the page is not ruled. */
  row?: string | null;
}

export function foldChar(ch: string): string {
  const base = ch
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  if (base === 'đ') return 'd';
  return /^[a-z0-9]$/.test(base) ? base : '';
}

export function foldString(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) out += foldChar(ch);
  return out;
}

export function makeLineText(words: LineWord[], box: Box): LineText {
  let text = '';
  const wordAt: number[] = [];
  words.forEach((w, i) => {
    if (i > 0) {
      text += ' ';
      wordAt.push(-1);
    }
    for (const ch of w.text) {
      // Characters outside the BMP are kept as their UTF-16 units; each unit maps to the word.
      for (let k = 0; k < ch.length; k++) wordAt.push(i);
      text += ch;
    }
  });
  let folded = '';
  const map: number[] = [];
  let pos = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (const c of f) {
      folded += c;
      map.push(pos);
    }
    pos += ch.length;
  }
  return { words, text, wordAt, folded, map, box };
}

/** Box covering chars [start, end) of the line, cutting partial words proportionally. */
export function spanBox(line: LineText, start: number, end: number): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const seen = new Set<number>();
  for (let i = start; i < end; i++) {
    const w = line.wordAt[i];
    if (w === undefined || w < 0 || seen.has(w)) continue;
    seen.add(w);
    const word = line.words[w];
    if (!word) continue;
    // Char range of this word inside the line text.
    let ws = i;
    while (ws > 0 && line.wordAt[ws - 1] === w) ws--;
    let we = i;
    while (we < line.wordAt.length && line.wordAt[we] === w) we++;
    const from = Math.max(ws, start);
    const to = Math.min(we, end);
    const len = we - ws;
    const [bx, by, bw, bh] = word.box;
    const left = bx + (bw * (from - ws)) / len;
    const right = bx + (bw * (to - ws)) / len;
    x0 = Math.min(x0, left);
    x1 = Math.max(x1, right);
    y0 = Math.min(y0, by);
    y1 = Math.max(y1, by + bh);
  }
  if (!isFinite(x0)) return null;
  return [Math.round(x0), Math.round(y0), Math.round(x1 - x0), Math.round(y1 - y0)];
}

/** True when only punctuation stands between the previous space (or line start) and char `pos`. */
export function isWordStart(line: LineText, pos: number): boolean {
  for (let i = pos - 1; i >= 0; i--) {
    if (line.wordAt[i] === -1) return true;
    if (/[\p{L}\p{N}]/u.test(line.text[i] ?? '')) return false;
  }
  return true;
}
