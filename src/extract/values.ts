/**
 * Cutting values out of OCR lines: the text after a label up to the next label on the same line, plus the
 * following label-less lines when the value can wrap (addresses, notes, dates in words, long names).
 */
import { writtenDateLayout } from '../domain/fields/date';
import { boxUnion, type Box } from '../domain/geometry';
import type { ValueKind } from '../domain/registers/types';
import type { AssignedHit } from './assign';
import { spanBox, type LineText } from './line-text';
import { isCommonSurname } from './names';
import { isSyllable } from './syllables';

export interface RawValue {
  text: string;
  box: Box | null;
  /** Where the value should be on its label's line: from the label's end to the next label or line end. */
  region: Box | null;
  confidence: number;
  /** Lowest OCR confidence of the value's words. */
  minConfidence: number;
  /** Line indexes the value was read from. */
  lines: number[];
  /** A value read from its label's line alone: its OCR words' text and boxes, in order. */
  words?: { text: string; box: Box }[];
}

/** Values from a closed list, snapped to it by the normaliser (which drops a debris tail itself). */
export const CLOSED_KINDS: ReadonlySet<ValueKind> = new Set(['relation', 'ethnicity', 'nationality', 'sex']);

const WRAPPING: ReadonlySet<ValueKind> = new Set(['place', 'text', 'date_words', 'name', 'relation']);

/** Leader dots, underscores, colons and stray marks around a value. */
const LEAD = /^[\s:;.,…_·'"`|!-]+/;
const TRAIL = /[\s:;,…_·'"`|-]+$|(?<=\S)\s*\.{1,}$/;

export function cleanValueText(s: string): string {
  let t = s.replace(/\.{2,}|…+|_{2,}/g, ' ');
  // A colon or an apostrophe glued between two words is a speck ("thành:phố"); H'Mông keeps its apostrophe.
  t = t.replace(/(?<=\p{L})\s*:\s*(?=\p{L})/gu, ' ').replace(/(?<=\p{L}{2})['’`](?=\p{L})/gu, ' ');
  t = t.replace(LEAD, '');
  let prev = '';
  while (prev !== t) {
    prev = t;
    t = t.replace(TRAIL, '');
  }
  return t.replace(/\s+/g, ' ').trim();
}

/** Geometry of a token relative to its neighbours in the value. */
export interface TokenContext {
  /** Gap to the nearest value word on the inner side, in median word heights (Infinity if alone). */
  gap: number;
  /** Height relative to the median height of the value's words. */
  height: number;
}

/** OCR debris: no letter or digit, glyphs foreign to Vietnamese, or a short token standing apart. */
export function isJunk(text: string, confidence: number, ctx: TokenContext = { gap: 0, height: 1 }): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  const core = text.replace(/[^\p{L}\p{N}]/gu, '');
  // Letters that never occur in Vietnamese text (Ñ, ˆ, ...) mark speckles read as glyphs.
  if (/[^\p{N}a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀ-ỹĐ]/u.test(core))
    return true;
  if (core.length > 3) return false;
  if (ctx.height < 0.45) return true;
  if (/^\p{N}+$/u.test(core)) return false;
  if (confidence < 0.15) return true;
  const apart = ctx.gap > 1.5;
  if (!isSyllable(core)) return apart || core.length <= 1 || (core.length === 2 && confidence < 0.7);
  return apart && confidence < 0.9;
}

/** At least half of the words are Vietnamese syllables or numbers (not a band of noise read as text). */
export function looksLikeText(s: string): boolean {
  const words = s
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  if (words.length === 0) return false;
  const good = words.filter((w) => /^\p{N}+$/u.test(w) || isSyllable(w)).length;
  return good * 2 >= words.length;
}

/** Drops a tail of noise read as text: the longest suffix of ≥ 4 words where under 30 % are syllables. */
export function cutNoiseTail(s: string): string {
  const words = s.split(' ');
  const good = words.map((w) => {
    const c = w.replace(/[^\p{L}\p{N}]/gu, '');
    return c !== '' && (/^\p{N}+$/u.test(c) || isSyllable(c));
  });
  let cut = words.length;
  for (let i = words.length - 4; i >= 1; i--) {
    const tail = good.slice(i);
    if (tail.filter(Boolean).length < tail.length * 0.3 && !good[i]) cut = i;
  }
  return words.slice(0, cut).join(' ');
}

/** Median height of the given words: the value's own words, not the label's (print and hand differ). */
function medianHeight(line: LineText, ids: readonly number[]): number {
  const hs = ids.map((id) => line.words[id]?.box[3] ?? 0).sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)] || 1;
}

/** Char range [start, end) of the line with debris words at both ends dropped. */
export function trimJunk(
  line: LineText,
  start: number,
  end: number,
  keepTail = false,
  keepHead: (word: string) => boolean = () => false,
): [number, number] {
  const ids: number[] = [];
  for (let i = start; i < end; i++) {
    const w = line.wordAt[i];
    if (w !== undefined && w >= 0 && ids[ids.length - 1] !== w) ids.push(w);
  }
  const mh = medianHeight(line, ids);
  const ctxOf = (k: number, dir: 1 | -1): TokenContext => {
    const w = line.words[ids[k] ?? -1];
    const n = line.words[ids[k + dir] ?? -1];
    if (!w) return { gap: 0, height: 1 };
    // A token alone in its value has no neighbour to stand apart from.
    const gap = !n ? 0 : dir === 1 ? n.box[0] - (w.box[0] + w.box[2]) : w.box[0] - (n.box[0] + n.box[2]);
    return { gap: gap / mh, height: w.box[3] / mh };
  };
  // The part of the word inside [start, end): a value can start inside a word glued to its label.
  const textOf = (k: number): string => {
    const id = ids[k] ?? -2;
    const from = Math.max(start, line.wordAt.indexOf(id));
    const to = Math.min(end, line.wordAt.lastIndexOf(id) + 1);
    return line.text.slice(from, Math.max(from, to));
  };
  const confOf = (k: number): number => line.words[ids[k] ?? -1]?.confidence ?? 0;
  let a = 0;
  let b = ids.length - 1;
  const headJunk = (k: number): boolean => {
    const ctx = ctxOf(k, 1);
    // A common surname opening a name is kept whatever its confidence, when it stands with the name.
    if (keepHead(textOf(k)) && ctx.height >= 0.6 && ctx.gap <= 1.5) return false;
    return isJunk(textOf(k), confOf(k), ctx);
  };
  while (a <= b && headJunk(a)) a++;
  // A closed-list value keeps its lettered tail ("Con gái" read "Con đái." far apart): the lexicon decides.
  const tailJunk = (k: number): boolean =>
    keepTail ? !/[\p{L}\p{N}]/u.test(textOf(k)) : isJunk(textOf(k), confOf(k), ctxOf(k, -1));
  while (b >= a && tailJunk(b)) b--;
  if (a > b) return [start, start];
  const charStart = Math.max(start, line.wordAt.indexOf(ids[a] ?? -2));
  const charEnd = Math.min(end, line.wordAt.lastIndexOf(ids[b] ?? -2) + 1);
  return [charStart, Math.max(charStart, charEnd)];
}

function wordConfidences(line: LineText, start: number, end: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = start; i < end; i++) {
    const w = line.wordAt[i];
    if (w === undefined || w < 0 || seen.has(w)) continue;
    seen.add(w);
    out.push(line.words[w]?.confidence ?? 0);
  }
  return out;
}

function lineConfidence(line: LineText, start: number, end: number, all?: number[]): number {
  const cs = wordConfidences(line, start, end);
  all?.push(...cs);
  return cs.length ? cs.reduce((a, b) => a + b, 0) / cs.length : 0;
}

/** A date as written, with letter O read for a zero. */
const layoutOf = (t: string) => writtenDateLayout(t.replace(/[Oo]/g, '0'));

/** What a short typed value looks like when it stands alone on a line (spaces removed). */
const ALONE: Partial<Record<ValueKind, (t: string) => boolean>> = {
  number: (t) => /^\d{1,5}$/.test(t),
  date: (t) => layoutOf(t) === 'full',
  year_or_date: (t) => ['full', 'year'].includes(layoutOf(t) ?? ''),
  id_number: (t) => /^\d{9,12}$/.test(t),
  sex: (t) => /^(?:Nam|Nữ)$/u.test(t),
};

/**
 * A short typed value written below its label's line rather than after it (a hand that drifts down, a
 * label line with no room left): the next line, when it is no label line, sits right under the label and
 * reads as nothing but a value of this kind.
 */
function valueBelow(
  line: LineText,
  a: AssignedHit,
  nextOnLine: AssignedHit | undefined,
  lines: readonly LineText[],
  kind: ValueKind,
  labelLines: ReadonlySet<number>,
): number {
  const shape = ALONE[kind];
  const l = a.hit.line + 1;
  const next = lines[l];
  if (!shape || !next || labelLines.has(l)) return -1;
  const gap = next.box[1] - (line.box[1] + line.box[3]);
  if (gap > Math.min(line.box[3], next.box[3]) * 0.9) return -1;
  const label = spanBox(line, a.hit.start, a.hit.end);
  if (!label || next.box[0] + next.box[2] < label[0] || next.box[0] > label[0] + label[2] * 1.5) return -1;
  // Under this label, not under the next one on the line.
  const after = nextOnLine ? spanBox(line, nextOnLine.hit.start, nextOnLine.hit.end) : null;
  if (after && next.box[0] + next.box[2] > after[0] + after[2] * 0.25) return -1;
  return shape(cleanValueText(next.text).replace(/\s+/g, '')) ? l : -1;
}

/**
 * Label-less lines above a label in its own ruled row, in the value column (right of the label): the first
 * lines of a value whose label cell sits lower in a tall row; on an unruled page only the one line just above
 * that no other value took. Only for a label alone on its line; nearest first. `wanted` says whether the value
 * may take lines (wrapping kinds, or nothing read beside the label).
 */
function leadingLines(
  assigned: readonly AssignedHit[],
  index: number,
  lines: readonly LineText[],
  labelLines: ReadonlySet<number>,
  wanted: boolean,
  claimed: ReadonlySet<number>,
): number[] {
  const a = assigned[index];
  const line = a ? lines[a.hit.line] : undefined;
  if (!a || !line || !wanted) return [];
  if (assigned.some((b, j) => j !== index && b.hit.line === a.hit.line)) return [];
  const label = spanBox(line, a.hit.start, a.hit.end);
  if (!label) return [];
  if (!line.row) {
    // Unruled: one line right above, touching the label's line, in the value column, that no value took
    // (a two-line value written with its label level with the second line).
    const l = a.hit.line - 1;
    const up = lines[l];
    if (!up || labelLines.has(l) || claimed.has(l) || up.row) return [];
    const [cs, ce] = trimJunk(up, 0, up.text.length);
    const kept = spanBox(up, cs, ce);
    if (!kept || kept[0] < label[0] + label[2] - line.box[3]) return [];
    const gap = line.box[1] - (up.box[1] + up.box[3]);
    return gap <= Math.min(up.box[3], line.box[3]) * 0.5 ? [l] : [];
  }
  const out: number[] = [];
  for (let l = a.hit.line - 1; l >= 0 && !labelLines.has(l); l--) {
    const up = lines[l];
    if (!up || up.row !== line.row) break;
    if (up.box[0] < label[0] + label[2] - line.box[3]) break;
    out.push(l);
  }
  return out;
}

export function valueOf(
  assigned: readonly AssignedHit[],
  index: number,
  lines: readonly LineText[],
  kind: ValueKind,
  labelLines: ReadonlySet<number>,
  /** Lines the values before this one were read from. */
  claimed: ReadonlySet<number> = new Set(),
): RawValue {
  const a = assigned[index];
  if (!a) return { text: '', box: null, region: null, confidence: 0, minConfidence: 0, lines: [] };
  const line = lines[a.hit.line];
  if (!line) return { text: '', box: null, region: null, confidence: 0, minConfidence: 0, lines: [] };
  const nextOnLine = assigned.find((b, j) => j > index && b.hit.line === a.hit.line);
  let end = nextOnLine ? nextOnLine.hit.start : line.text.length;
  let start = a.hit.end;
  while (start < end && /[\s:;.,…_·|]/.test(line.text[start] ?? '')) start++;
  [start, end] = trimJunk(
    line,
    start,
    end,
    CLOSED_KINDS.has(kind),
    kind === 'name' ? isCommonSurname : undefined,
  );
  const parts: string[] = [line.text.slice(start, end)];
  const boxes: Box[] = [];
  const confs: number[] = [];
  const words: number[] = [];
  const b0 = start < end ? spanBox(line, start, end) : null;
  if (b0 && cleanValueText(parts[0] ?? '')) {
    boxes.push(b0);
    confs.push(lineConfidence(line, start, end, words));
  }
  const used = [a.hit.line];
  /** Adds a label-less line's text to the value, before or after what is there; false when it is no text. */
  const take = (l: number, front: boolean): boolean => {
    const t = lines[l];
    if (!t) return false;
    const [cs, ce] = trimJunk(t, 0, t.text.length);
    if (ce <= cs || !looksLikeText(t.text.slice(cs, ce))) return false;
    const cb = spanBox(t, cs, ce);
    const conf = lineConfidence(t, cs, ce, words);
    if (front) {
      parts.unshift(t.text.slice(cs, ce));
      if (cb) boxes.unshift(cb);
      confs.unshift(conf);
      used.unshift(l);
    } else {
      parts.push(t.text.slice(cs, ce));
      if (cb) boxes.push(cb);
      confs.push(conf);
      used.push(l);
    }
    return true;
  };
  // Ruled rows (grids): a line of another row that has its own label belongs to that label.
  const labelledRows = new Set([...labelLines].map((l) => lines[l]?.row).filter(Boolean));
  const lead = leadingLines(assigned, index, lines, labelLines, WRAPPING.has(kind) || !parts[0], claimed);
  // Nearest first: each one goes in front of the ones below it.
  for (const l of lead) take(l, true);
  const below =
    !parts[0] && !WRAPPING.has(kind) ? valueBelow(line, a, nextOnLine, lines, kind, labelLines) : -1;
  const under = lines[below];
  if (under) {
    const [cs, ce] = trimJunk(under, 0, under.text.length);
    parts[0] = under.text.slice(cs, ce);
    const cb = spanBox(under, cs, ce);
    if (cb) boxes.push(cb);
    confs.push(lineConfidence(under, cs, ce, words));
    used.push(below);
  }
  if (WRAPPING.has(kind) && !nextOnLine) {
    let prev = line;
    for (let l = a.hit.line + 1; l < lines.length && !labelLines.has(l); l++) {
      const cont = lines[l];
      if (!cont) break;
      if (line.row && cont.row && cont.row !== line.row && labelledRows.has(cont.row)) break;
      const gap = cont.box[1] - (prev.box[1] + prev.box[3]);
      const lineH = Math.min(prev.box[3], cont.box[3]);
      if (gap > lineH * 0.9) break;
      if (cont.folded.length < 2) break;
      // A wrapped value starts at the label column or the value column, not far right.
      if (cont.box[0] > line.box[0] + line.box[2] * 0.6) break;
      if (!take(l, false)) break;
      prev = cont;
    }
  }
  const text = cleanValueText(cutNoiseTail(parts.map(cleanValueText).filter(Boolean).join(' ')));
  const confidence = confs.length ? confs.reduce((x, y) => x + y, 0) / confs.length : 0;
  const labelBox = spanBox(line, a.hit.start, a.hit.end);
  const nextBox = nextOnLine ? spanBox(line, nextOnLine.hit.start, nextOnLine.hit.end) : null;
  const rx = labelBox ? labelBox[0] + labelBox[2] : line.box[0];
  const rEnd = nextBox ? nextBox[0] : line.box[0] + line.box[2];
  const region: Box | null = rEnd > rx ? [rx, line.box[1], rEnd - rx, line.box[3]] : null;
  const minConfidence = text && words.length ? Math.min(...words) : 0;
  const own = text && used.length === 1 && used[0] === a.hit.line ? wordsOfSpan(line, start, end) : [];
  return {
    text,
    box: text ? boxUnion(boxes) : null,
    region,
    confidence: text ? confidence : 0,
    minConfidence,
    lines: used,
    ...(own.length ? { words: own } : {}),
  };
}

/** The words of `line` in characters [start, end), each with the text and box of its part in the span. */
function wordsOfSpan(line: LineText, start: number, end: number): { text: string; box: Box }[] {
  const out: { text: string; box: Box }[] = [];
  for (let i = start; i < end;) {
    const w = line.wordAt[i];
    let j = i + 1;
    while (j < end && line.wordAt[j] === w) j++;
    const box = w !== undefined && w >= 0 ? spanBox(line, i, j) : null;
    if (box) out.push({ text: line.text.slice(i, j), box });
    i = j;
  }
  return out;
}
