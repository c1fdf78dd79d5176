import { describe, expect, it } from 'vitest';
import { defaultOcrWorkers } from '../../../src/ocr/pool-size';

describe('defaultOcrWorkers', () => {
  it('runs one worker per core but one, never fewer than one', () => {
    expect(defaultOcrWorkers(8)).toBe(7);
    expect(defaultOcrWorkers(2)).toBe(1);
    expect(defaultOcrWorkers(1)).toBe(1);
  });
  it('counts an unknown or nonsensical core count as 2', () => {
    expect(defaultOcrWorkers(undefined)).toBe(1);
    expect(defaultOcrWorkers(0)).toBe(1);
    expect(defaultOcrWorkers(Number.NaN)).toBe(1);
    expect(defaultOcrWorkers(4.7)).toBe(3);
  });
});
