/**
 * Which register a page names, from recorded OCR lines of real test pages (tests/fixtures/ocr) and the printed
 * lines of the book-a truth (tests/fixtures/book-a), also with their diacritics stripped and their title removed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPage, type OcrLineInput } from '../../../src/extract';
import { makeLineText, type LineText } from '../../../src/extract/line-text';
import { detectRegister } from '../../../src/extract/register';
import type { Box } from '../../../src/domain/geometry';

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url);
const ocrLines = (name: string): OcrLineInput[] =>
  (JSON.parse(readFileSync(fixture(`ocr/${name}`), 'utf8')) as { lines: OcrLineInput[] }).lines;
const toText = (lines: readonly OcrLineInput[]): LineText[] =>
  lines.filter((l) => l.words.length).map((l) => makeLineText(l.words, l.box));

/** An OcrPage record (words + lines by word index) as extraction input. */
function ocrPage(name: string): OcrLineInput[] {
  const p = JSON.parse(readFileSync(fixture(`ocr/${name}`), 'utf8')) as {
    words: { text: string; confidence: number; box: Box }[];
    lines: { box: Box; words: number[] }[];
  };
  return p.lines.map((l) => ({ box: l.box, words: l.words.flatMap((i) => p.words[i] ?? []) }));
}

/** The printed lines of a truth page, words as printed (exact text). */
function truthLines(id: string): OcrLineInput[] {
  const t = JSON.parse(readFileSync(fixture(`book-a/${id}.json`), 'utf8')) as {
    lines: { bbox: Box; words: { text: string; bbox: Box }[] }[];
  };
  return t.lines.map((l) => ({
    box: l.bbox,
    words: l.words.map((w) => ({ text: w.text, box: w.bbox, confidence: 0.9 })),
  }));
}

const stripMarks = (lines: OcrLineInput[]): OcrLineInput[] =>
  lines.map((l) => ({
    ...l,
    words: l.words.map((w) => ({
      ...w,
      text: w.text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd'),
    })),
  }));
const withoutTitle = (lines: OcrLineInput[]): OcrLineInput[] =>
  lines.filter((l) => !/S[ỐỔO] ĐĂNG/i.test(l.words.map((w) => w.text).join(' ')));

describe('detectRegister', () => {
  it('reads the title of a recorded marriage page, OCR errors and all', () => {
    const r = detectRegister(toText(ocrLines('p014.lines.json')));
    expect(r.type).toBe('KH');
    expect(r.evidence[0]).toEqual({ type: 'KH', kind: 'title', text: 'SỐ ĐĂNG KÝ KẾT HÔN' });
    // Labels only a marriage register prints back it up.
    expect(r.evidence.filter((e) => e.kind === 'label').map((e) => e.type)).toContain('KH');
  });

  it('knows a handwriting-like death page and a bordered birth page', () => {
    expect(detectRegister(toText(ocrLines('book-b-p01.lines.json'))).type).toBe('KT');
    expect(detectRegister(toText(ocrPage('b004.ocr.json'))).type).toBe('KS');
  });

  it('knows every page of the demo birth book, also without diacritics', () => {
    for (let n = 1; n <= 6; n++) {
      const lines = truthLines(`book-a-p0${n}`);
      expect(detectRegister(toText(lines)).type, `p${n}`).toBe('KS');
      expect(detectRegister(toText(stripMarks(lines))).type, `p${n} folded`).toBe('KS');
    }
  });

  it('falls back on the labels only one register prints when the title is missing', () => {
    const r = detectRegister(toText(withoutTitle(ocrLines('p014.lines.json'))));
    expect(r.type).toBe('KH');
    expect(r.evidence.every((e) => e.kind === 'label')).toBe(true);
    expect(detectRegister(toText(withoutTitle(ocrLines('book-b-p01.lines.json')))).type).toBe('KT');
  });

  it('says nothing when a page has no title and only labels every register prints', () => {
    const box: Box = [0, 0, 800, 40];
    const line = (s: string, y: number): LineText =>
      makeLineText(
        s.split(' ').map((t, i) => ({ text: t, box: [i * 90, y, 80, 40] as Box, confidence: 0.9 })),
        [box[0], y, box[2], box[3]],
      );
    const r = detectRegister([
      line('Số: 12', 0),
      line('Dân tộc: Kinh', 50),
      line('Quốc tịch: Việt Nam', 100),
      line('Ghi chú:', 150),
    ]);
    expect(r.type).toBeNull();
  });
});

describe('extractPage with the book type', () => {
  it('reads no entry from a page of another register: nothing forced into the wrong form', () => {
    const res = extractPage(ocrLines('p014.lines.json'), 'KS');
    expect(res.register.type).toBe('KH');
    expect(res.entries).toEqual([]);
  });

  it('reads the entries when the page is of the book type or names none', () => {
    const res = extractPage(ocrLines('p014.lines.json'), 'KH');
    expect(res.register.type).toBe('KH');
    expect(res.entries.length).toBeGreaterThan(0);
    expect(extractPage(ocrLines('book-b-p01.lines.json'), 'KT').entries.length).toBeGreaterThan(0);
  });
});
