import { describe, expect, it } from 'vitest';
import { focusPriority, focusRank, nextByFocus } from '../../../src/ocr/focus';

describe('focus-first OCR order', () => {
  it('reads the page on screen, then the pages after it, then those before', () => {
    const order: number[] = [];
    const pending = new Set([0, 1, 2, 3, 4, 5]);
    while (pending.size) {
      const i = nextByFocus(pending, 3, 6);
      if (i === null) break;
      order.push(i);
      pending.delete(i);
    }
    expect(order).toEqual([3, 4, 5, 2, 1, 0]);
  });

  it('gives the on-screen page the highest queue priority', () => {
    expect(focusPriority(3, 3, 6)).toBeGreaterThan(focusPriority(4, 3, 6));
    expect(focusPriority(4, 3, 6)).toBeGreaterThan(focusPriority(2, 3, 6));
    expect(focusRank(0, 0, 1)).toBe(0);
  });

  it('returns null when nothing is pending', () => {
    expect(nextByFocus([], 0, 3)).toBeNull();
  });
});
