import { describe, expect, it } from 'vitest';
import { REGISTERS } from '../../../src/domain/registers';
import type { EntryDraft, FieldDraft } from '../../../src/extract/types';
import { createGray } from '../../../src/image/gray';
import type { OcrEngine, OcrResult, RecognizeOptions } from '../../../src/ocr/types';
import { rereadEntries } from '../../../src/prefill/reread';

type Box = [number, number, number, number];

/** Plays back one recorded second reading (words and confidences as tesseract.js gave them) and counts calls. */
function recorded(words: [string, number][]): OcrEngine & { calls: RecognizeOptions[] } {
  const calls: RecognizeOptions[] = [];
  return {
    engine: 'recorded',
    model: 'vie',
    calls,
    recognize(_img, options): Promise<OcrResult> {
      calls.push(options);
      return Promise.resolve({
        text: words.map(([t]) => t).join(' '),
        confidence: 0.9,
        words: words.map(([text, confidence], i) => ({
          text,
          confidence,
          box: [20 + i * 120, 10, 100, 60] as Box,
          line: 0,
          block: 0,
        })),
        lines: [],
        ms: 1,
      });
    },
    pending: () => 0,
    terminate: () => Promise.resolve(),
  };
}

/** A child's name read on the page's line, as the first reading left it. */
function nameField(value: string, ocrMin: number): FieldDraft {
  return {
    value,
    confidence: 0.92,
    box: [560, 300, 240, 60],
    warnings: [],
    ocrText: value,
    region: [540, 295, 900, 70],
    evidence: { ocrMean: Math.max(0.93, ocrMin), ocrMin, fit: 1, reread: false },
  };
}

async function reread(value: string, ocrMin: number, second: [string, number][]) {
  const engine = recorded(second);
  const entry: EntryDraft = {
    type: 'KS',
    fields: { nksHoTen: nameField(value, ocrMin) },
    box: null,
    continuesPrevious: false,
  };
  await rereadEntries(REGISTERS.KS, [entry], createGray(1600, 600), engine, { factor: 1, dpi: 300 });
  return { field: entry.fields.nksHoTen as FieldDraft, calls: engine.calls.length };
}

describe('a sure name whose given name no name table knows is read a second time', () => {
  it('takes a second reading, as sure, that differs only in a given name the tables know (print: "Vụ" → "Vy")', async () => {
    // Recorded: Merriweather "Nguyễn Kim Vy", read "Vụ" (0.90) on the page's line and "Vy" (0.88) alone.
    const { field, calls } = await reread('Nguyễn Kim Vụ', 0.9, [
      [':', 0.41],
      ['Nguyễn', 0.96],
      ['Kim', 0.94],
      ['Vy', 0.88],
    ]);
    expect(calls).toBe(1);
    expect(field.value).toBe('Nguyễn Kim Vy');
    expect(field.ocrText).toBe('Nguyễn Kim Vụ');
    expect(field.evidence?.reread).toBe(true);
  });

  it('keeps a rare given name when the second reading of a known one is less sure ("Lài", not "tài")', async () => {
    // Recorded: Noto Sans "Nguyễn Quỳnh Lài", read right (0.92) on the line, "tài" (0.71) alone.
    const { field, calls } = await reread('Nguyễn Quỳnh Lài', 0.92, [
      ['_', 0.88],
      ['Nguyễn', 0.9],
      ['Quỳnh', 0.83],
      ['tài', 0.71],
    ]);
    expect(calls).toBe(1);
    expect(field.value).toBe('Nguyễn Quỳnh Lài');
    expect(field.evidence?.reread).toBe(false);
  });

  it('keeps a rare given name read the same twice', async () => {
    const { field } = await reread('Nguyễn Kim Vụ', 0.9, [
      ['Nguyễn', 0.96],
      ['Kim', 0.96],
      ['Vụ', 0.96],
    ]);
    expect(field.value).toBe('Nguyễn Kim Vụ');
  });

  it('keeps the first reading when the second changes another word too', async () => {
    const { field } = await reread('Nguyễn Kim Vụ', 0.9, [
      ['Nguyễn', 0.96],
      ['Kiều', 0.95],
      ['Vy', 0.95],
    ]);
    expect(field.value).toBe('Nguyễn Kim Vụ');
  });

  it('does not read again a name whose given name the tables know', async () => {
    const { field, calls } = await reread('Nguyễn Kim Vy', 0.9, [
      ['Nguyễn', 0.96],
      ['Kim', 0.96],
      ['Vũ', 0.96],
    ]);
    expect(calls).toBe(0);
    expect(field.value).toBe('Nguyễn Kim Vy');
  });
});
