import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPage, type OcrLineInput } from '../../../src/extract';
import {
  calibrateEntries,
  confidenceFeatures,
  CONFIDENCE_FEATURES,
  pageReading,
} from '../../../src/extract/calibrate';
import type { FieldDraft } from '../../../src/extract/types';
import { REGISTERS } from '../../../src/domain/registers';
import { confidenceBand, HIGH_CONFIDENCE, isHighConfidence } from '../../../src/domain/fields/confidence';

type Box = [number, number, number, number];

const loadLines = (name: string): OcrLineInput[] =>
  (
    JSON.parse(readFileSync(new URL(`../../fixtures/ocr/${name}`, import.meta.url), 'utf8')) as {
      lines: OcrLineInput[];
    }
  ).lines;

function page(texts: string[], conf = 0.95): OcrLineInput[] {
  return texts.map((t, i) => ({
    box: [100, 100 + i * 60, 1500, 50] as Box,
    words: t.split(' ').map((w, k) => ({
      text: w,
      confidence: conf,
      box: [100 + k * 90, 100 + i * 60, 80, 40] as Box,
    })),
  }));
}

const LINES = [
  'SỔ ĐĂNG KÝ KHAI TỬ',
  'Số: 53',
  'Họ, chữ đệm, tên người chết: Phạm Thị Hiền',
  'Ngày, tháng, năm sinh: 17/12/1938',
  'Giới tính: Nữ',
  'Nơi cư trú: thôn Chi Lanh, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế',
];

const draft = (over: Partial<FieldDraft>): FieldDraft => ({
  value: '17/12/1938',
  confidence: 0.95,
  box: null,
  warnings: [],
  ocrText: '17/12/1938',
  evidence: { ocrMean: 0.95, ocrMin: 0.95, fit: 1, reread: false },
  ...over,
});

describe('calibrated confidence', () => {
  it('shows most values of a crisp printed page high, and far fewer when the same page reads unsure', () => {
    // Recorded OCR of a printed two-entry marriage page (dev p014).
    const lines = loadLines('p014.lines.json');
    const sure = extractPage(lines, 'KH');
    calibrateEntries(REGISTERS.KH, sure.entries);
    const filled = sure.entries.flatMap((e) => Object.values(e.fields).filter((f) => f.value));
    expect(filled.filter((f) => isHighConfidence(f.confidence)).length / filled.length).toBeGreaterThan(0.6);
    expect(filled[0]?.evidence?.features).toHaveLength(CONFIDENCE_FEATURES.length);
    const blurred = lines.map((l) => ({
      ...l,
      words: l.words.map((w) => ({ ...w, confidence: w.confidence * 0.5 })),
    }));
    const unsure = extractPage(blurred, 'KH');
    calibrateEntries(REGISTERS.KH, unsure.entries);
    const high = (es: typeof sure.entries, keys: RegExp) =>
      es.flatMap((e) =>
        Object.entries(e.fields).filter(
          ([k, f]) => keys.test(k) && f.value && isHighConfidence(f.confidence),
        ),
      ).length;
    // Names and addresses need a sure reading; a closed-list word matched exactly may stay high.
    expect(high(sure.entries, /HoTen|NoiCuTru/)).toBeGreaterThan(0);
    expect(high(unsure.entries, /HoTen|NoiCuTru/)).toBe(0);
    expect(high(unsure.entries, /./)).toBeLessThan(high(sure.entries, /./) / 2);
  });

  it('keeps blank values out of the calibration', () => {
    const res = extractPage(page(LINES), 'KT');
    calibrateEntries(REGISTERS.KT, res.entries);
    const blank = res.entries[0]!.fields['ghiChu']!;
    expect(blank.value).toBe('');
    expect(blank.evidence?.features).toBeUndefined();
  });

  it('lowers a value whose second reading disagrees, and one on a page whose readings disagree', () => {
    const pg = { median: 0.95, score: 0.93, corrected: 0, trouble: 0, disagree: 0 };
    const agree = confidenceFeatures(
      'date',
      draft({ evidence: { ocrMean: 0.95, ocrMin: 0.95, fit: 1, reread: false, agree: true } }),
      pg,
    );
    const differ = confidenceFeatures(
      'date',
      draft({ evidence: { ocrMean: 0.95, ocrMin: 0.95, fit: 1, reread: false, agree: false } }),
      pg,
    );
    const i = CONFIDENCE_FEATURES.indexOf('disagreed');
    expect(agree[i]).toBe(0);
    expect(differ[i]).toBe(1);
    expect(pageReading(REGISTERS.KT, []).disagree).toBe(0);
  });

  it('marks a repair of tone marks only apart from other repairs', () => {
    const pg = { median: 0.95, score: 0.93, corrected: 0, trouble: 0, disagree: 0 };
    const tone = confidenceFeatures('name', draft({ value: 'Nguyễn Văn An', ocrText: 'Nguyên Vân An' }), pg);
    const other = confidenceFeatures('name', draft({ value: 'Nguyễn Văn An', ocrText: 'Ngufễn Văn An' }), pg);
    expect(tone[CONFIDENCE_FEATURES.indexOf('toneOnly')]).toBe(1);
    expect(tone[CONFIDENCE_FEATURES.indexOf('corrected')]).toBe(0);
    expect(other[CONFIDENCE_FEATURES.indexOf('corrected')]).toBe(1);
  });

  it('has one threshold for the high band', () => {
    expect(confidenceBand(HIGH_CONFIDENCE)).toBe('high');
    expect(confidenceBand(HIGH_CONFIDENCE - 0.001)).not.toBe('high');
    expect(confidenceBand(0.1)).toBe('low');
  });
});
