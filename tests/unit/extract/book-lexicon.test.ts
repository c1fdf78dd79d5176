import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfirmed } from '../../../src/cli/prefill';
import { extractPage, type OcrLineInput } from '../../../src/extract';
import { applyBookLexicon, closestUnique, isWeakReading } from '../../../src/extract/book-lexicon';
import { REGISTERS } from '../../../src/domain/registers';
import { bookLexiconFrom, communePlace } from '../../../src/domain/lexicons/book-lexicon';

type Box = [number, number, number, number];

/**
 * Recorded-OCR-like lines (one line per text, words 90 px apart); `conf` gives the confidence of chosen words as
 * `line:word` → confidence (others 0.95), the way a line of a handwriting-like page comes back from Tesseract.
 */
function page(texts: string[], conf: Record<string, number> = {}): OcrLineInput[] {
  return texts.map((t, i) => ({
    box: [100, 100 + i * 60, 1500, 50] as Box,
    words: t.split(' ').map((w, k) => ({
      text: w,
      confidence: conf[`${i}:${k}`] ?? 0.95,
      box: [100 + k * 90, 100 + i * 60, 80, 40] as Box,
    })),
  }));
}

const KT_PAGE = (residence: string, name: string) => [
  'SỔ ĐĂNG KÝ KHAI TỬ',
  'Số: 53',
  `Họ, chữ đệm, tên người chết: ${name}`,
  'Giới tính: Nữ',
  `Nơi cư trú: ${residence}`,
  'Nguyên nhân chết: Suy hô hấp',
];

describe('do no harm: names outside every list keep what OCR read', () => {
  it('leaves a village name as read ("thôn Chi Lanh" never becomes "Chỉ Lanh")', () => {
    const res = extractPage(
      page(
        KT_PAGE('thôn Chi Lanh, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế', 'Phạm Thị Hiền'),
        {
          '4:3': 0.62,
          '4:4': 0.58,
        },
      ),
      'KT',
    );
    expect(res.entries[0]?.fields['nktNoiCuTru']?.value).toBe(
      'thôn Chi Lanh, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế',
    );
  });

  it('keeps a sure reading even when a confirmed value of the book is one mark away', () => {
    const lines = page(
      KT_PAGE('thôn Chi Lanh, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế', 'Phạm Thị Hiền'),
    );
    const res = extractPage(lines, 'KT');
    const lex = bookLexiconFrom([
      {
        type: 'KT',
        fields: { nktNoiCuTru: { value: 'thôn Chỉ Lanh, phường Thủy Phương', confirmed: true } },
      },
    ]);
    expect(isWeakReading(res.entries[0]!.fields['nktNoiCuTru']!)).toBe(false);
    expect(applyBookLexicon(REGISTERS.KT, res.entries, lex)).toBe(0);
    expect(res.entries[0]?.fields['nktNoiCuTru']?.value).toContain('thôn Chi Lanh');
  });
});

describe('printed places: leader dots, lost commas, units outside the list', () => {
  it('keeps a commune read as real syllables, and repairs the dot and the comma around unit words', () => {
    const res = extractPage(
      page(KT_PAGE('thôn Lại Thế, xã Phú Thượng, huyện.Phú Vang tính Thừa Thiên Huế', 'Lê Văn Tuấn')),
      'KT',
    );
    // "Phú Thượng" left Phú Vang in 2021 (no longer in its unit list): two letters from "Phú Lương", but read cleanly.
    expect(res.entries[0]?.fields['nktNoiCuTru']?.value).toBe(
      'thôn Lại Thế, xã Phú Thượng, huyện Phú Vang, tỉnh Thừa Thiên Huế',
    );
  });
});

describe('book lexicon', () => {
  it('reads a weak reading towards a value the operator confirmed earlier in the book', () => {
    // The hamlet was keyed and confirmed on an earlier page; here a cursive hand made "Lanh" into "Lạnb".
    const res = extractPage(
      page(
        KT_PAGE('thôn Chi Lạnb, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế', 'Phạm Thị Hiền'),
        {
          '4:3': 0.55,
          '4:4': 0.41,
        },
      ),
      'KT',
    );
    const f = res.entries[0]!.fields['nktNoiCuTru']!;
    expect(f.value).not.toContain('Chi Lanh');
    const lex = bookLexiconFrom(
      [
        {
          type: 'KT',
          fields: {
            nktNoiCuTru: {
              value: 'thôn Chi Lanh, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế',
              confirmed: true,
            },
            // Not confirmed: OCR's own reading is no evidence.
            nycHoTen: { value: 'Nguyễn Văn Lạnb', confirmed: false, source: 'ocr' },
          },
        },
      ],
      [
        communePlace({
          name: 'Phường Thủy Phương',
          district: 'Thị xã Hương Thủy',
          province: 'Tỉnh Thừa Thiên Huế',
        }),
      ],
    );
    expect(lex.values.name).toBeUndefined();
    expect(lex.values.place).toContain('phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế');
    expect(applyBookLexicon(REGISTERS.KT, res.entries, lex)).toBe(1);
    expect(f.value).toBe('thôn Chi Lanh, phường Thủy Phương, thị xã Hương Thủy, tỉnh Thừa Thiên Huế');
    expect(f.warnings.join(' ')).toMatch(/đã xác nhận/);
    expect(f.evidence?.bookLexicon).toBe(true);
  });

  it('needs one clearly closest confirmed value', () => {
    expect(closestUnique('Nguyễn Văn Hải', ['Nguyễn Văn Hài', 'Nguyễn Văn Hái'])).toBeNull();
    expect(closestUnique('Nguyễn Văn Hàl', ['Nguyễn Văn Hải', 'Trần Thị Lan'])).toBe('Nguyễn Văn Hải');
    expect(closestUnique('Lê Minh Tuấn', ['Phạm Đức Long'])).toBeNull();
  });
});

describe('book lexicon in the batch CLI', () => {
  it('takes every value of the given confirmed entries (predictions format) by kind', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sohoa-lex-')), 'keyed.json');
    writeFileSync(
      file,
      JSON.stringify({
        pages: [
          {
            file: 'book-f.pdf',
            pdf_page: 1,
            entries: [
              {
                type: 'KT',
                fields: {
                  nktHoTen: 'Phạm Thị Hiền',
                  nktNoiCuTru: 'thôn Chi Lanh, phường Thủy Phương',
                  so: '53',
                },
              },
              { type: 'XX', fields: { nktHoTen: 'Không đọc' } },
            ],
          },
        ],
      }),
    );
    const lex = await readConfirmed(file);
    expect(lex.values.name).toEqual(['Phạm Thị Hiền']);
    expect(lex.values.place).toEqual(['thôn Chi Lanh, phường Thủy Phương']);
    expect(lex.values.number).toBeUndefined();
  });
});
