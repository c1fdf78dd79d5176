/// <reference types="svelte" />
import { describe, expect, it } from 'vitest';
import { summaryText } from '../../../src/state/import.svelte';

describe('summaryText (the headline of an import card)', () => {
  const none = { pages: 0, files: 0, refused: 0, skipped: 0, warnings: 0 };
  it('counts pages, files, refusals, files not imported and warnings', () => {
    expect(summaryText({ ...none, pages: 120, files: 50 })).toBe('Đã nhập 120 trang từ 50 tệp.');
    expect(summaryText({ ...none, pages: 3, files: 3, refused: 1, warnings: 2 })).toBe(
      'Đã nhập 3 trang từ 3 tệp; 1 tệp bị từ chối; 2 cảnh báo.',
    );
    expect(summaryText({ ...none, pages: 6, files: 1, skipped: 1 })).toBe(
      'Đã nhập 6 trang từ 1 tệp; 1 tệp chưa nhập.',
    );
  });
  it('says plainly when nothing was imported', () => {
    expect(summaryText({ ...none, refused: 8 })).toBe('Chưa nhập được trang nào; 8 tệp bị từ chối.');
    expect(summaryText({ ...none, skipped: 1 })).toBe('Đã nhập 0 trang từ 0 tệp; 1 tệp chưa nhập.');
  });
});
