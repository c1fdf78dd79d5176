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
  it('shows a crisp printed page high and a doubtful reading of the same page below the band', () => {
    const sure = extractPage(page(LINES), 'KT');
    calibrateEntries(REGISTERS.KT, sure.entries);
    const f = sure.entries[0]!.fields;
    expect(isHighConfidence(f['nktHoTen']!.confidence)).toBe(true);
    expect(f['nktHoTen']!.evidence?.features).toHaveLength(CONFIDENCE_FEATURES.length);
    const unsure = extractPage(page(LINES, 0.45), 'KT');
    calibrateEntries(REGISTERS.KT, unsure.entries);
    expect(isHighConfidence(unsure.entries[0]!.fields['nktHoTen']!.confidence)).toBe(false);
    // Blank fields keep their own confidence and are never shown high in the form (no value).
    expect(f['ghiChu']!.value).toBe('');
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
