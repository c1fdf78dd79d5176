import { describe, expect, it } from 'vitest';
import {
  downscaledWarning,
  flattenOverWhite,
  orientationWarning,
  pdfCappedWarning,
  thumbSize,
} from '../../../src/image/page-image';
import { cancelledMessage, quoteFileName } from '../../../workers/encode';

describe('thumbSize', () => {
  it('is 240 px wide with the aspect kept', () => {
    expect(thumbSize(2480, 3508)).toEqual({ width: 240, height: 339 });
    expect(thumbSize(4000, 3000)).toEqual({ width: 240, height: 180 });
  });
  it('never enlarges a small image', () => {
    expect(thumbSize(200, 100)).toEqual({ width: 200, height: 100 });
  });
  it('keeps a strip-shaped page small', () => {
    const t = thumbSize(1000, 40000);
    expect(Math.max(t.width, t.height)).toBe(960);
    expect(t.width).toBeGreaterThanOrEqual(1);
  });
});

describe('flattenOverWhite', () => {
  it('composites transparent pixels over white and leaves opaque ones', () => {
    const data = new Uint8ClampedArray([0, 0, 0, 0, 0, 0, 0, 128, 10, 20, 30, 255]);
    expect(flattenOverWhite(data)).toBe(true);
    expect([...data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(data[4]).toBeGreaterThanOrEqual(126);
    expect(data[4]).toBeLessThanOrEqual(128);
    expect(data[7]).toBe(255);
    expect([...data.subarray(8)]).toEqual([10, 20, 30, 255]);
  });
  it('reports an opaque image as unchanged', () => {
    expect(flattenOverWhite(new Uint8ClampedArray([1, 2, 3, 255]))).toBe(false);
  });
});

describe('messages', () => {
  it('quotes a file name as text: markup kept, control characters dropped, length capped', () => {
    expect(quoteFileName('Nguyễn <script>.png')).toBe('"Nguyễn <script>.png"');
    expect(quoteFileName('a\u0000b\nc.pdf')).toBe('"abc.pdf"');
    expect(quoteFileName('x'.repeat(300))).toHaveLength(122);
  });
  it('names the file (and page) when cancelled', () => {
    expect(cancelledMessage('sổ 1.pdf')).toBe('Đã hủy việc nhập tệp "sổ 1.pdf".');
    expect(cancelledMessage('sổ 1.pdf', 3)).toBe('Đã hủy việc nhập trang 3 của tệp "sổ 1.pdf".');
  });
  it('describes what import changed', () => {
    expect(downscaledWarning({ width: 12000, height: 9000 }, { width: 4000, height: 3000 })).toBe(
      'Ảnh gốc 12000×9000 điểm ảnh đã được thu nhỏ còn 4000×3000 để xử lý; tệp gốc vẫn được lưu.',
    );
    expect(orientationWarning(6)).toContain('xoay');
    expect(orientationWarning(5)).toContain('lật');
    expect(pdfCappedWarning(176.4, 12e6)).toBe(
      'Trang lớn nên được hiển thị ở khoảng 176 dpi để không vượt giới hạn 12 triệu điểm ảnh.',
    );
  });
});
