import { describe, expect, it } from 'vitest';
import { HIGH_CONFIDENCE } from '../../../src/domain/fields/confidence';
import type { Entry } from '../../../src/domain/records/entry';
import { entriesFromDrafts, fieldFromDraft } from '../../../src/prefill/records';
import { fieldTone, fieldViews, isFullyKeyed, nextUncertainKey } from '../../../src/state/fields';

function entry(fields: Entry['fields']): Entry {
  return {
    id: 'e',
    bookId: 'b',
    pageIds: ['p'],
    order: 0,
    type: 'KT',
    state: 'prefilled',
    fields,
    revision: 0,
    createdAt: 0,
    updatedAt: 0,
    schema: 1,
  };
}

describe('entry form view', () => {
  it('colours fields by OCR confidence until the operator confirms them', () => {
    const f = fieldFromDraft('p', {
      value: 'Nam',
      confidence: HIGH_CONFIDENCE,
      box: [1, 2, 3, 4],
      warnings: [],
      ocrText: 'Nam',
    });
    // One threshold (domain/fields/confidence.ts) decides the high band.
    expect(fieldTone(f)).toBe('high');
    expect(fieldTone({ ...f, ocr: { text: 'Nam', confidence: HIGH_CONFIDENCE - 0.01 } })).toBe('medium');
    expect(fieldTone({ ...f, ocr: { text: 'Nam', confidence: 0.5 } })).toBe('low');
    expect(fieldTone({ ...f, confirmed: true })).toBe('confirmed');
    expect(fieldTone({ ...f, flags: ['blank'] })).toBe('flagged');
    expect(fieldTone(undefined)).toBe('empty');
    expect(f.region).toEqual({ pageId: 'p', box: [1, 2, 3, 4] });
  });

  it('shows the rule catalogue’s findings under their first field; info findings do not make a field uncertain', () => {
    const keyed = (value: string) => ({ value, flags: [], source: 'keyed' as const, confirmed: false });
    const views = fieldViews(
      entry({ nktNgaySinh: keyed('1950'), nktNgayChet: keyed('03/1949'), ngayDangKy: keyed('05/04/2024') }),
      { bookYear: 2023 },
    );
    const view = (key: string) => views.find((v) => v.def.key === key);
    expect(view('nktNgayChet')?.findings.map((f) => f.code)).toEqual([
      'date.partial',
      'date.death_before_birth',
    ]);
    expect(view('nktNgayChet')?.warnings).toEqual(['Ngày chết (03/1949) trước ngày sinh (1950).']);
    expect(view('nktNgaySinh')?.findings).toEqual([]);
    expect(view('ngayDangKy')?.findings.map((f) => f.severity)).toEqual(['warning']);
    // A sure OCR value is uncertain only through errors and warnings.
    const ocr = (value: string) => ({
      ...keyed(value),
      source: 'ocr' as const,
      ocr: { text: value, confidence: 0.95 },
    });
    const deathView = (value: string) =>
      fieldViews(entry({ nktNgayChet: ocr(value) })).find((v) => v.def.key === 'nktNgayChet');
    expect(deathView('03/1949x')?.uncertain).toBe(true);
    const partial = deathView('03/1949');
    expect(partial?.findings.map((f) => f.code)).toEqual(['date.partial']);
    expect(partial?.warnings).toEqual([]);
    expect(partial?.uncertain).toBe(false);
  });

  it('finds the next uncertain field, wrapping, and skips confirmed ones', () => {
    const sure = fieldFromDraft('p', {
      value: '12',
      confidence: 0.95,
      box: null,
      warnings: [],
      ocrText: '12',
    });
    const views = fieldViews(entry({ so: sure }));
    const keys = views.map((v) => v.def.key);
    expect(keys[0]).toBe('so');
    expect(nextUncertainKey(views, null)).toBe(keys[1]);
    expect(nextUncertainKey(views, keys[keys.length - 1] ?? null)).toBe(keys[1]);
    expect(isFullyKeyed(views)).toBe(false);
  });

  it('keeps only the book type’s fields from drafts, NFC, unconfirmed', () => {
    const [e] = entriesFromDrafts(
      'b',
      'p',
      'KT',
      [
        {
          type: 'KS',
          box: null,
          continuesPrevious: false,
          fields: {
            so: { value: '7', confidence: 0.9, box: null, warnings: [], ocrText: '7' },
            nksHoTen: { value: 'x', confidence: 0.9, box: null, warnings: [], ocrText: 'x' },
            nktHoTen: { value: 'Le\u0302 Va\u0306n', confidence: 0.7, box: null, warnings: [], ocrText: '' },
          },
        },
      ],
      () => 'id1',
      5,
    );
    expect(e?.type).toBe('KT');
    expect(Object.keys(e?.fields ?? {})).toEqual(['so', 'nktHoTen']);
    expect(e?.fields['nktHoTen']?.value).toBe('Lê Văn');
    expect(e?.fields['nktHoTen']?.confirmed).toBe(false);
    expect(e?.state).toBe('prefilled');
  });
});
