import { describe, expect, it } from 'vitest';
import type { PrefillResult } from '../../../src/prefill/pipeline';
import { ocrRecord, otherRegister } from '../../../src/prefill/records';
import { otherRegisterWarning } from '../../../src/state/page-notes';

const result = (over: Partial<PrefillResult> = {}): PrefillResult => ({
  type: 'KS',
  register: { type: 'KS', evidence: [] },
  year: 2017,
  entries: [],
  width: 2480,
  height: 3508,
  skew: 0.2,
  words: [{ text: 'Số', confidence: 0.9, box: [10, 10, 40, 30], line: 0, block: 0 }],
  lines: [{ box: [10, 10, 40, 30], words: [0], text: 'Số', confidence: 0.9 }],
  engine: 'tesseract.js 7.0.0 (core 7.0.0)',
  model: 'vie 4.0.0_best_int (@tesseract.js-data/vie 1.0.0, sha256 2284f610f262)',
  totalMs: 5000,
  // Stages, the preparation's steps nested in `prepare`.
  ms: { gray: 100, flatten: 400, prepare: 900, ocr: 3500, extract: 100, reread: 500 },
  ...over,
});

describe('ocrRecord', () => {
  it('stores the engine and model the pre-fill reports', () => {
    const r = ocrRecord('b1', 'p1', result(), 42);
    expect(r).toMatchObject({
      bookId: 'b1',
      pageId: 'p1',
      engine: 'tesseract.js 7.0.0 (core 7.0.0)',
      model: 'vie 4.0.0_best_int (@tesseract.js-data/vie 1.0.0, sha256 2284f610f262)',
      createdAt: 42,
    });
    expect(ocrRecord('b1', 'p1', result({ engine: 'other 1.0', model: 'm' })).engine).toBe('other 1.0');
  });
  it('stores the page time once, not the sum of a total and its parts', () => {
    expect(ocrRecord('b1', 'p1', result()).ms).toBe(5000);
  });
});

describe('otherRegister and its warning', () => {
  it('names the register a page reads as when it is not the book type, title first', () => {
    const r = result({
      register: {
        type: 'KT',
        evidence: [
          { type: 'KT', kind: 'label', text: 'Nơi chết' },
          { type: 'KS', kind: 'label', text: 'Nơi sinh' },
          { type: 'KT', kind: 'title', text: 'SO DANG KY KHAI TU' },
        ],
      },
    });
    const other = otherRegister({ type: 'KS' }, r);
    expect(other).toEqual({ type: 'KT', evidence: ['SO DANG KY KHAI TU', 'Nơi chết'] });
    expect(otherRegister({ type: 'KT' }, r)).toBeNull();
    expect(otherRegister({ type: 'KS' }, result({ register: { type: null, evidence: [] } }))).toBeNull();
    expect(otherRegisterWarning({ otherRegister: other }, 'KS')).toBe(
      'Trang này có vẻ thuộc Sổ đăng ký khai tử (đọc được “SO DANG KY KHAI TU”), không phải sổ đăng ký khai ' +
        'sinh như sổ này. Chưa điền sẵn mục nào từ trang này: hãy nhập tay hoặc xoá trang.',
    );
    expect(otherRegisterWarning({ otherRegister: null }, 'KS')).toBeNull();
    // A page moved into a book of the type it names has nothing to say.
    expect(otherRegisterWarning({ otherRegister: other }, 'KT')).toBeNull();
  });
});
