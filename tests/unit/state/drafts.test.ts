import { describe, expect, it } from 'vitest';
import type { PrefillResult } from '../../../src/prefill/pipeline';
import { ocrRecord } from '../../../src/state/drafts';

const result = (over: Partial<PrefillResult> = {}): PrefillResult => ({
  type: 'KS',
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
