import type { Box } from '../domain/geometry';
import type { OcrLine, OcrResult, OcrWord, SymbolChoice } from './types';

/** The part of tesseract.js's Page output we read. */
interface TBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface TessPage {
  text: string;
  confidence: number;
  /** Asked for with the symbol choices (lstm_choice_mode 2): they are read from here. */
  hocr?: string | null;
  blocks:
    | {
        bbox: TBox;
        paragraphs: {
          lines: {
            bbox: TBox;
            text: string;
            confidence: number;
            words: { text: string; confidence: number; bbox: TBox }[];
          }[];
        }[];
      }[]
    | null;
}

const toBox = (b: TBox): Box => [b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
const unescape = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e: string) => ENTITIES[e] ?? '');

/**
 * The symbol choices of each word of an hOCR page (Tesseract with lstm_choice_mode 2 writes, per symbol, a
 * span `lstm_choices_…` holding `choice_…` spans with `x_confs`), in the page's word order.
 */
export function hocrChoices(hocr: string): SymbolChoice[][][] {
  const out: SymbolChoice[][][] = [];
  // A group whose best choice is a space is the gap before the word, not one of its symbols.
  let skip = false;
  const token =
    /<span class='ocrx_word'|<span class='ocrx_cinfo' id='lstm_choices_|<span class='ocrx_cinfo' id='choice_[^']*' title='x_confs ([\d.]+)'>([^<]*)<\/span>/g;
  for (const m of hocr.matchAll(token)) {
    if (m[0].startsWith("<span class='ocrx_word'")) out.push([]);
    else if (m[0].includes('lstm_choices_')) {
      out[out.length - 1]?.push([]);
      skip = false;
    } else {
      const word = out[out.length - 1];
      const symbol = word?.[word.length - 1];
      const text = unescape(m[2] ?? '').normalize('NFC');
      if (!symbol) continue;
      if (!text.trim()) {
        if (symbol.length === 0) skip = true;
        continue;
      }
      if (!skip) symbol.push({ text, confidence: Number(m[1]) / 100 });
    }
  }
  return out.map((word) => word.filter((symbol) => symbol.length > 0));
}

/** Flattens tesseract.js blocks into our word/line lists (confidences scaled to 0..1, text NFC). */
export function toOcrResult(page: TessPage, ms: number): OcrResult {
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  const choices = page.hocr ? hocrChoices(page.hocr) : null;
  let wordIndex = -1;
  (page.blocks ?? []).forEach((block, b) => {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const idx: number[] = [];
        for (const w of line.words) {
          wordIndex++;
          const text = w.text.normalize('NFC').trim();
          if (!text) continue;
          idx.push(words.length);
          const word: OcrWord = {
            text,
            confidence: w.confidence / 100,
            box: toBox(w.bbox),
            line: lines.length,
            block: b,
          };
          // Kept only when they line up with the word's symbols one to one.
          const c = choices?.[wordIndex];
          if (c && c.length === [...text].length && c.every((s) => s.length > 0)) word.choices = c;
          words.push(word);
        }
        if (idx.length === 0) continue;
        lines.push({
          box: toBox(line.bbox),
          words: idx,
          text: line.text.normalize('NFC').trim(),
          confidence: line.confidence / 100,
        });
      }
    }
  });
  return { text: page.text.normalize('NFC'), confidence: page.confidence / 100, words, lines, ms };
}
