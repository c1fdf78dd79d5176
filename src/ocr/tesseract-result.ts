import type { Box } from '../domain/geometry';
import type { OcrLine, OcrResult, OcrWord } from './types';

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

/** Flattens tesseract.js blocks into our word/line lists (confidences scaled to 0..1, text NFC). */
export function toOcrResult(page: TessPage, ms: number): OcrResult {
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  (page.blocks ?? []).forEach((block, b) => {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const idx: number[] = [];
        for (const w of line.words) {
          const text = w.text.normalize('NFC').trim();
          if (!text) continue;
          idx.push(words.length);
          words.push({
            text,
            confidence: w.confidence / 100,
            box: toBox(w.bbox),
            line: lines.length,
            block: b,
          });
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
