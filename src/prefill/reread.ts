/**
 * Second readings. Short typed values: the value's region is cut out of the prepared page and read alone
 * as one line with the characters its kind allows (digits for numbers and dates, the two words for sex);
 * the reading that fits its kind wins, when both fit the more confident one. Free text read with low
 * confidence (cursive hands): the region is read again enlarged, and the reading with more Vietnamese
 * syllables and higher confidence wins. A name left as read whose given name no name table knows is read
 * again too (`rereadGivenName`).
 */
import type { Box } from '../domain/geometry';
import type { FieldDef, RegisterDef, ValueKind } from '../domain/registers/types';
import { fitsKind } from '../extract/fits-kind';
import { knowsGivenName } from '../extract/names';
import { normalizeValue } from '../extract/normalize';
import { isSyllable } from '../extract/syllables';
import { CLOSED_KINDS, cleanValueText, isJunk } from '../extract/values';
import type { EntryDraft, FieldDraft, FieldEvidence } from '../extract/types';
import { crop } from '../image/gray';
import { scale } from '../image/resize';
import type { GrayImage } from '../image/types';
import { estimateSlant, shear } from '../image/slant';
import type { OcrEngine, OcrResult, OcrWord } from '../ocr/types';

const WHITELIST: Partial<Record<ValueKind, string>> = {
  number: '0123456789',
  id_number: '0123456789',
  date: '0123456789/',
  year_or_date: '0123456789/',
  sex: 'NamNữ',
  time: '0123456789giờphút ',
};

export { fitsKind };

export interface RereadOptions {
  factor: number;
  dpi: number;
  signal?: AbortSignal;
  priority?: number;
}

function regionOf(f: FieldDraft, img: GrayImage): Box | null {
  const r = f.region ?? null;
  if (!r) return null;
  const pad = Math.round(r[3] * 0.15);
  const x = Math.max(0, Math.round(r[0]));
  const y = Math.max(0, Math.round(r[1] - pad));
  const w = Math.min(img.width - x, Math.round(r[2]));
  const h = Math.min(img.height - y, Math.round(r[3] + 2 * pad));
  return w > 4 && h > 4 ? [x, y, w, h] : null;
}

/** Free-text kinds read a second time, enlarged, when the line reading was unsure. */
const TEXT_KINDS: ReadonlySet<ValueKind> = new Set([
  'name',
  'place',
  'text',
  'relation',
  'ethnicity',
  'nationality',
]);

/** Share of words that are Vietnamese syllables or numbers, times the mean OCR confidence. */
function textQuality(value: string, confidence: number): number {
  const words = value
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  if (words.length === 0) return 0;
  const good = words.filter((w) => /^\p{N}+$/u.test(w) || isSyllable(w)).length / words.length;
  return good * (0.5 + 0.5 * confidence);
}

function rereadEvidence(words: readonly { confidence: number }[], fit: number): FieldEvidence {
  const cs = words.map((w) => w.confidence);
  return {
    ocrMean: cs.length ? cs.reduce((a, b) => a + b, 0) / cs.length : 0,
    ocrMin: cs.length ? Math.min(...cs) : 0,
    fit,
    reread: true,
  };
}

/**
 * Reads `box` of the page alone as one line, enlarged by `factor`, with an optional whitelist. A slanted hand
 * (cursive, italics) is stood upright first (`image/slant.ts`); word boxes come back in the enlarged crop's
 * pixels, less `dx` columns the shear added on the left.
 */
async function readRegion(
  engine: OcrEngine,
  img: GrayImage,
  box: Box,
  factor: number,
  o: RereadOptions,
  whitelist?: string,
): Promise<OcrResult & { dx: number }> {
  const cut = crop(img, box);
  const big = factor > 1 ? scale(cut, factor) : cut;
  const k = estimateSlant(big);
  const upright = k ? shear(big, k) : { image: big, dx: 0 };
  const r = await engine.recognize(upright.image, {
    psm: 'single_line',
    dpi: Math.round(o.dpi * factor),
    ...(whitelist ? { whitelist } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.priority !== undefined ? { priority: o.priority } : {}),
  });
  return { ...r, dx: upright.dx };
}

async function rereadClosed(
  fd: FieldDef,
  f: FieldDraft,
  box: Box,
  img: GrayImage,
  engine: OcrEngine,
  o: RereadOptions,
): Promise<void> {
  // The line's box ends where the first reading stopped finding text: read on to the right, far enough for
  // the longest words of the list ("Con nuôi", "Việt Nam").
  const right = Math.min(img.width, box[0] + Math.max(box[2], box[3] * 8));
  const r = await readRegion(engine, img, [box[0], box[1], right - box[0], box[3]], o.factor * 1.5, o);
  const text = cleanValueText(r.words.map((w) => w.text).join(' '));
  const n = normalizeValue(fd.kind, text, fd.key);
  // A word of the list normalises to itself with full agreement; a reading that is not one stays unused.
  if (!n.value || n.fit < 0.7 || normalizeValue(fd.kind, n.value, fd.key).fit < 1) return;
  const conf = r.words.length ? r.words.reduce((s, w) => s + w.confidence, 0) / r.words.length : 0;
  f.value = n.value;
  f.confidence = Math.min(0.6, conf * n.fit);
  f.evidence = rereadEvidence(r.words, n.fit);
  f.warnings.push('Đọc lại riêng ô này: kiểm tra với ảnh.');
}

/** A second reading's words without the specks and label leftovers (":", "_") at either end. */
function withoutJunkEnds(read: readonly OcrWord[]): OcrWord[] {
  const words = [...read];
  while (words.length && isJunk(words[0]?.text ?? '', words[0]?.confidence ?? 0)) words.shift();
  while (words.length && isJunk(words.at(-1)?.text ?? '', words.at(-1)?.confidence ?? 0)) words.pop();
  return words;
}

async function rereadText(
  fd: FieldDef,
  f: FieldDraft,
  img: GrayImage,
  engine: OcrEngine,
  o: RereadOptions,
): Promise<void> {
  const box = regionOf(f, img);
  if (!box) return;
  // A closed-list value (relation, ethnic group, nationality; sex is read with its whitelist) whose label was found but nothing legible
  // after it: read the region alone, and keep the reading only when it is a word of the list.
  if (!f.value && CLOSED_KINDS.has(fd.kind)) return rereadClosed(fd, f, box, img, engine, o);
  // Worth a second reading only when unsure and something in it is not Vietnamese: a value made of real
  // syllables is rarely improved, and printed pages then cost nothing more.
  if (!f.value) return;
  if (f.confidence >= 0.75 || textQuality(f.value, 1) >= 1) {
    if (fd.kind === 'name' && !knowsGivenName(f.value)) await rereadGivenName(fd, f, box, img, engine, o);
    return;
  }
  // Only a one-line value: a wrapped value's other lines are not in the region.
  if (f.box && f.box[3] > box[3] * 1.6) return;
  const r = await readRegion(engine, img, box, o.factor * 1.5, o);
  const words = withoutJunkEnds(r.words);
  const text = cleanValueText(words.map((w) => w.text).join(' '));
  const n = normalizeValue(fd.kind, text, fd.key);
  const conf = r.words.length ? r.words.reduce((s, w) => s + w.confidence, 0) / r.words.length : 0;
  if (!n.value || textQuality(n.value, conf * n.fit) <= textQuality(f.value, f.confidence) + 0.1) return;
  f.value = n.value;
  f.confidence = conf * n.fit;
  f.evidence = rereadEvidence(words, n.fit);
}

/** How much less sure a second reading of a given name may be than the first reading's least sure word. */
const SAME_SURENESS = 0.05;

/**
 * A name the reading above leaves alone (read surely, or all Vietnamese syllables) whose given name no name
 * table knows: either a rare name or a letter misread even in print ("Vy" read "Vụ", the tail of y taken for
 * the dot below u). Its own words are read once more alone,
 * enlarged; a second reading that differs only in the given name, and gives one the tables know, is taken
 * (two readings disagree, and the name is strong evidence). Otherwise the first reading stays: a rare name
 * read the same twice keeps what the register says.
 */
async function rereadGivenName(
  fd: FieldDef,
  f: FieldDraft,
  box: Box,
  img: GrayImage,
  engine: OcrEngine,
  o: RereadOptions,
): Promise<void> {
  const first = f.value.split(' ');
  const r = await readRegion(engine, img, f.box ? padBox(f.box, img) : box, o.factor * 1.5, o);
  const words = withoutJunkEnds(r.words);
  const n = normalizeValue(fd.kind, cleanValueText(words.map((w) => w.text).join(' ')), fd.key);
  const second = n.value.split(' ');
  if (second.length !== first.length || !knowsGivenName(n.value)) return;
  if (second.some((w, i) => i < second.length - 1 && w !== first[i])) return;
  // The second given name as read, and about as surely as the first reading's least sure word: a name the
  // tables know read weakly (or needing its capital put back) does not outweigh a sure rare one.
  const given = words.at(-1);
  if (!given || given.text.normalize('NFC') !== second.at(-1)) return;
  if (given.confidence < (f.evidence?.ocrMin ?? f.confidence) - SAME_SURENESS) return;
  const conf = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  f.value = n.value;
  f.confidence = Math.min(f.confidence, conf * n.fit);
  f.evidence = rereadEvidence(words, n.fit);
}

/** A value's box with a margin of half its height around it, inside the image. */
function padBox(b: Box, img: GrayImage): Box {
  const m = Math.round(b[3] * 0.5);
  const x = Math.max(0, Math.round(b[0] - m));
  const y = Math.max(0, Math.round(b[1] - m / 2));
  const w = Math.min(img.width - x, Math.round(b[2] + 2 * m));
  const h = Math.min(img.height - y, Math.round(b[3] + m));
  return [x, y, w, h];
}

/** Typed values whose sure readings are read a second time, only to see whether the two readings agree. */
const CHECKED_KINDS: ReadonlySet<ValueKind> = new Set([
  'number',
  'id_number',
  'date',
  'year_or_date',
  'time',
]);

/**
 * A sure typed value read again alone, at another scale and with its kind's characters: the value is kept
 * whatever the second reading says; whether the two agree is evidence for the calibrated confidence (a hand
 * whose 3 reads as 5 tends to read differently at another scale; print reads the same).
 */
async function checkAgreement(
  fd: FieldDef,
  f: FieldDraft,
  box: Box,
  img: GrayImage,
  engine: OcrEngine,
  o: RereadOptions,
  whitelist: string,
): Promise<void> {
  // The value's own words, not its region: the region may hold leader dots and a colon that a digits-only
  // reading turns into digits.
  const own = f.box ? padBox(f.box, img) : box;
  const r = await readRegion(engine, img, own, o.factor * 1.5, o, whitelist);
  const n = normalizeValue(fd.kind, r.words.map((w) => w.text).join(' '), fd.key);
  const digits = (v: string): string => v.replace(/\D/g, '');
  // Nothing read is no evidence either way.
  if (!n.value) return;
  f.evidence = {
    ...(f.evidence ?? rereadEvidence([], 1)),
    agree: n.value === f.value || (digits(n.value) !== '' && digits(n.value) === digits(f.value)),
    ...(n.value && n.value !== f.value ? { second: n.value } : {}),
  };
}

async function rereadField(
  fd: FieldDef,
  f: FieldDraft,
  img: GrayImage,
  engine: OcrEngine,
  o: RereadOptions,
): Promise<void> {
  if (TEXT_KINDS.has(fd.kind)) return rereadText(fd, f, img, engine, o);
  const whitelist = WHITELIST[fd.kind];
  const box = whitelist ? regionOf(f, img) : null;
  if (!whitelist || !box) return;
  if (fitsKind(fd.kind, f.value) && f.confidence >= 0.8) {
    if (CHECKED_KINDS.has(fd.kind)) await checkAgreement(fd, f, box, img, engine, o, whitelist);
    return;
  }
  const r = await readRegion(engine, img, box, o.factor, o, whitelist);
  const text = r.words.map((w) => w.text).join(' ');
  const n = normalizeValue(fd.kind, text, fd.key);
  const conf = r.words.length ? r.words.reduce((s, w) => s + w.confidence, 0) / r.words.length : 0;
  const newFits = fitsKind(fd.kind, n.value);
  const oldFits = fitsKind(fd.kind, f.value);
  const agree = n.value === f.value;
  if (f.value && n.value) f.evidence = { ...(f.evidence ?? rereadEvidence([], 1)), agree };
  if (!newFits || (oldFits && conf <= f.confidence)) return;
  f.value = n.value;
  f.confidence = conf * n.fit;
  f.evidence = { ...rereadEvidence(r.words, n.fit), agree };
  if (r.words.length) {
    const bs = r.words.map((w) => w.box);
    const x0 = (Math.min(...bs.map((b) => b[0])) - r.dx) / o.factor + box[0];
    const y0 = Math.min(...bs.map((b) => b[1])) / o.factor + box[1];
    const x1 = (Math.max(...bs.map((b) => b[0] + b[2])) - r.dx) / o.factor + box[0];
    const y1 = Math.max(...bs.map((b) => b[1] + b[3])) / o.factor + box[1];
    f.box = [Math.round(x0), Math.round(y0), Math.round(x1 - x0), Math.round(y1 - y0)];
  }
}

export async function rereadEntries(
  reg: RegisterDef,
  entries: EntryDraft[],
  img: GrayImage,
  engine: OcrEngine,
  o: RereadOptions,
): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const e of entries) {
    for (const fd of reg.fields) {
      const f = e.fields[fd.key];
      if (f) jobs.push(rereadField(fd, f, img, engine, o));
    }
  }
  await Promise.all(jobs);
}
