/**
 * The whole pre-fill of one page image, the same in the browser worker and in Node:
 * prepare (flatten, deskew, erase leader dots and rules) → find text lines → OCR each line → extract
 * entries → boxes mapped back to page-image pixels.
 */
import type { Box } from '../domain/geometry';
import type { RegisterType } from '../domain/registers/types';
import { checkEntryNumbers, crossCheck, extractPage } from '../extract';
import { applyBookLexicon } from '../extract/book-lexicon';
import { calibrateEntries } from '../extract/calibrate';
import { wordAlternatives } from '../extract/redecode';
import type { BookLexicon } from '../domain/lexicons/book-lexicon';
import type { EntryDraft, PageExtraction } from '../extract/types';
import { crop } from '../image/gray';
import { estimateSlant, shear } from '../image/slant';
import { scale } from '../image/resize';
import type { GrayImage, RgbaImage } from '../image/types';
import { ruledRows } from '../layout/cells';
import { findTextLines } from '../layout/text-lines';
import { OcrCancelledError } from '../ocr/errors';
import type { OcrEngine, OcrLine, OcrResult, OcrWord } from '../ocr/types';
import { preparePage, toPageBox, type PreparedPage } from './prepare';
import { rereadEntries } from './reread';
import { REGISTERS } from '../domain/registers';

export interface PrefillOptions {
  /** Known register type (from the book); detected from the page when absent. */
  type?: RegisterType;
  signal?: AbortSignal;
  /** Queue priority of this page's OCR jobs (focus-first scheduling). */
  priority?: number;
  /** Values confirmed earlier in the book: weak readings are read towards them (`extract/book-lexicon.ts`). */
  lexicon?: BookLexicon;
}

export interface PrefillResult extends PageExtraction {
  width: number;
  height: number;
  skew: number;
  /** Recognised words and lines in page-image pixels (DESIGN.md §3.5 shape). */
  words: OcrWord[];
  lines: OcrLine[];
  /** The OCR engine (name and version) and model that read the page, as the engine reports them. */
  engine: string;
  model: string;
  /** Wall time of the whole pre-fill of the page (prepare → OCR → extract → second readings), counted once. */
  totalMs: number;
  /** Stage times; the preparation's own steps (gray, flatten, skew …) are part of `prepare`: never sum them. */
  ms: Record<string, number>;
}

interface LineRead {
  box: Box;
  words: OcrWord[];
}

/** Words read less sure than this are weak; a slanted stretch of them is read again upright. */
const WEAK_WORD = 0.7;
const MIN_SLANT = 0.1;
/** The upright reading replaces the first only when this much surer. */
const SLANT_MARGIN = 0.05;

const meanConfidence = (words: readonly { confidence: number }[]): number =>
  words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;

/**
 * The line's words (boxes in `part` pixels), each run of weak words (a value beside printed labels) read again
 * stood upright when its ink leans (`image/slant.ts`): the second reading's words replace the run's when their
 * mean confidence is higher by `SLANT_MARGIN`.
 */
async function uprightWeakWords(
  words: OcrWord[],
  part: GrayImage,
  read: (image: GrayImage, choices?: boolean) => Promise<{ words: OcrWord[] }>,
): Promise<OcrWord[]> {
  const runs: OcrWord[][] = [];
  let run: OcrWord[] = [];
  for (const w of words) {
    if (w.confidence < WEAK_WORD) run.push(w);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  if (!runs.length) return words;
  const redone = await Promise.all(runs.map((r) => readUpright(r, part, read)));
  const out: OcrWord[] = [];
  for (const w of words) {
    const i = runs.findIndex((r) => r.includes(w));
    if (i < 0) out.push(w);
    else if (runs[i]?.[0] === w) out.push(...(redone[i] ?? []));
  }
  return out;
}

/** A run of weak words read again stood upright; the run itself when not slanted or not read surer. */
async function readUpright(
  run: OcrWord[],
  part: GrayImage,
  read: (image: GrayImage, choices?: boolean) => Promise<{ words: OcrWord[] }>,
): Promise<OcrWord[]> {
  const pad = Math.round(part.height * 0.2);
  const x0 = Math.max(0, Math.min(...run.map((w) => w.box[0])) - pad);
  const x1 = Math.min(part.width, Math.max(...run.map((w) => w.box[0] + w.box[2])) + pad);
  if (x1 - x0 < part.height) return run;
  const stretch = crop(part, [x0, 0, x1 - x0, part.height]);
  const k = estimateSlant(stretch);
  if (k < MIN_SLANT) return run;
  const upright = shear(stretch, k);
  // Only these weak, slanted words carry their symbol alternatives: asked of every line they cost ~14 % on
  // printed pages for little.
  const second = await read(upright.image, true);
  if (!second.words.length || meanConfidence(second.words) <= meanConfidence(run) + SLANT_MARGIN) return run;
  // Back to the line: undo the shear at each word's middle row, then the stretch's offset.
  return second.words.map((w) => {
    const shift = upright.dx + k * (w.box[1] + w.box[3] / 2 - part.height / 2);
    return { ...w, box: [w.box[0] - shift + x0, w.box[1], w.box[2], w.box[3]] as Box };
  });
}

async function readLines(
  prepared: PreparedPage,
  engine: OcrEngine,
  opts: PrefillOptions,
): Promise<LineRead[]> {
  const found = findTextLines(prepared.ink, { threshold: 128 });
  const img = prepared.image;
  const factor = prepared.dpi < 260 ? 300 / prepared.dpi : 1;
  return Promise.all(
    found.map(async (l) => {
      const pad = Math.max(4, Math.round(l.box[3] * 0.3));
      const x = Math.max(0, l.box[0] - pad);
      const y = Math.max(0, l.box[1] - pad);
      const w = Math.min(img.width - x, l.box[2] + 2 * pad);
      const h = Math.min(img.height - y, l.box[3] + 2 * pad);
      const cut = crop(img, [x, y, w, h]);
      // Tesseract reads best with an x-height of 20–30 px: low-resolution scans are enlarged line by line.
      const part = factor > 1 ? scale(cut, factor) : cut;
      const read = (image: GrayImage, choices = false): Promise<OcrResult> =>
        engine.recognize(image, {
          psm: 'single_line',
          choices,
          dpi: Math.round(prepared.dpi * factor),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
        });
      const first = await read(part);
      // Weak words of a slanted hand (cursive values beside printed labels): their stretch of the line is
      // stood upright and read again, and its words replace the first reading's when surer.
      const words = await uprightWeakWords(first.words, part, read).then((ws) =>
        ws.map((wd) => {
          const left = wd.box[0] / factor;
          const right = (wd.box[0] + wd.box[2]) / factor;
          const box: Box = [x + left, y + wd.box[1] / factor, right - left, wd.box[3] / factor].map(
            Math.round,
          ) as Box;
          return { ...wd, box };
        }),
      );
      return { box: l.box, words };
    }),
  );
}

async function readPage(
  prepared: PreparedPage,
  engine: OcrEngine,
  opts: PrefillOptions,
): Promise<{ read: LineRead[]; extraction: PageExtraction }> {
  const read = await readLines(prepared, engine, opts);
  const rows = ruledRows(
    read.map((l) => l.box),
    prepared.rules,
  );
  const extraction = extractPage(
    read.map((l, i) => ({ box: l.box, words: l.words, row: rows[i] ?? null })),
    opts.type,
  );
  return { read, extraction };
}

/** How much of a register form a reading found: filled fields, and the register's own title and labels. */
function formFound(x: PageExtraction): number {
  const filled = x.entries.reduce((n, e) => n + Object.values(e.fields).filter((f) => f.value).length, 0);
  return filled + x.register.evidence.length;
}

function mapEntryBoxes(p: PreparedPage, e: EntryDraft): EntryDraft {
  const fields = Object.fromEntries(
    Object.entries(e.fields).map(([k, f]) => [k, { ...f, box: f.box ? toPageBox(p, f.box) : null }]),
  );
  return { ...e, fields, box: e.box ? toPageBox(p, e.box) : null };
}

export async function prefillPage(
  src: RgbaImage | GrayImage,
  engine: OcrEngine,
  opts: PrefillOptions = {},
): Promise<PrefillResult> {
  const t0 = performance.now();
  let prepared = preparePage(src);
  const t1 = performance.now();
  let prepareAgain = 0;
  if (opts.signal?.aborted) throw new OcrCancelledError();
  let { read, extraction } = await readPage(prepared, engine, opts);
  // Weak orientation evidence: the page is read the other way up too, and the reading that finds more of
  // the form is kept (an upright page turned over by mistake reads as debris).
  if (prepared.turnAlternative !== null) {
    const t = performance.now();
    const other = preparePage(src, { turn: prepared.turnAlternative });
    prepareAgain = performance.now() - t;
    if (opts.signal?.aborted) throw new OcrCancelledError();
    const second = await readPage(other, engine, opts);
    if (formFound(second.extraction) > formFound(extraction)) {
      prepared = other;
      ({ read, extraction } = second);
    }
  }
  const t2 = performance.now();
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  read.forEach((l, li) => {
    const idx: number[] = [];
    for (const w of l.words) {
      idx.push(words.length);
      // The symbol choices served the extraction; a weak word keeps its few likely other readings instead.
      const { choices: _, ...word } = w;
      const alternatives = wordAlternatives(w);
      words.push({
        ...word,
        line: li,
        block: 0,
        box: toPageBox(prepared, w.box),
        ...(alternatives.length ? { alternatives } : {}),
      });
    }
    const conf = l.words.length ? l.words.reduce((s, w) => s + w.confidence, 0) / l.words.length : 0;
    lines.push({
      box: toPageBox(prepared, l.box),
      words: idx,
      text: l.words.map((w) => w.text).join(' '),
      confidence: conf,
    });
  });
  const t3 = performance.now();
  if (extraction.type) {
    const factor = prepared.dpi < 260 ? 300 / prepared.dpi : 1;
    await rereadEntries(REGISTERS[extraction.type], extraction.entries, prepared.image, engine, {
      factor,
      dpi: prepared.dpi,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
    });
    if (opts.lexicon) applyBookLexicon(REGISTERS[extraction.type], extraction.entries, opts.lexicon);
    // Second readings can change dates and IDs: run the cross-field checks again on the final values.
    for (const e of extraction.entries) crossCheck(REGISTERS[extraction.type], e.fields, extraction.year);
    checkEntryNumbers(extraction.entries);
    // Last: the confidence is calibrated on the final values and all the evidence gathered for them.
    calibrateEntries(REGISTERS[extraction.type], extraction.entries);
  }
  const t4 = performance.now();
  return {
    type: extraction.type,
    register: extraction.register,
    year: extraction.year,
    entries: extraction.entries.map((e) => mapEntryBoxes(prepared, e)),
    width: src.width,
    height: src.height,
    skew: prepared.skew.angle,
    words,
    lines,
    engine: engine.engine,
    model: engine.model,
    totalMs: Math.round(t4 - t0),
    ms: {
      ...prepared.ms,
      prepare: Math.round(t1 - t0 + prepareAgain),
      ocr: Math.round(t2 - t1 - prepareAgain),
      extract: Math.round(t3 - t2),
      reread: Math.round(t4 - t3),
    },
  };
}
