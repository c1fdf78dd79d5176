/**
 * Bordered grids: labels that eat the start of their value, labels wrapping onto a short tail line, and values
 * whose first line sits above their label in the same ruled row. Lines are built the way OCR gives them
 * (words with boxes, in prepared-page pixels).
 */
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/domain/geometry';
import { extractPage, type OcrLineInput } from '../../../src/extract';
import { findLabels, labelPatterns, trimIntoValue } from '../../../src/extract/labels';
import { makeLineText } from '../../../src/extract/line-text';
import { houseNumber, unitTypeSpecks } from '../../../src/extract/normalize';
import { joinSplitSyllables } from '../../../src/extract/syllables';
import { REGISTERS } from '../../../src/domain/registers';
import { ruledRows } from '../../../src/layout/cells';

const CHAR_W = 22;

/** One OCR line starting at x, y: words laid out left to right, 60 px high. */
function line(text: string, x: number, y: number, row?: string): OcrLineInput {
  let cx = x;
  const words = text.split(' ').map((t) => {
    const w = { text: t, box: [cx, y, t.length * CHAR_W, 60] as Box, confidence: 90 };
    cx += (t.length + 1) * CHAR_W;
    return w;
  });
  return { box: [x, y, cx - CHAR_W - x, 60], words, ...(row ? { row } : {}) };
}

describe('a label read with edits does not eat its value', () => {
  it('ends before a word it only reached by substitutions', () => {
    const l = makeLineText(line('Họ, chữ đệm, tên người. Đặng Thị Tâm', 0, 0).words, [0, 0, 900, 60]);
    const hits = findLabels(l, 0, labelPatterns(REGISTERS.KS));
    expect(hits).toHaveLength(1);
    expect(l.text.slice(hits[0]!.end)).toMatch(/^\.? ?Đặng Thị Tâm$/u);
  });

  it('never ends on digits of the value', () => {
    const text = 'Ngày, tháng, năm đăng... 16/07/2018';
    // "ngaythangnamdangky" read as "ngaythangnamdang16": the hit reached "16" with two edits.
    expect(text.slice(0, trimIntoValue(text, 0, text.indexOf('/'), 2))).toBe('Ngày, tháng, năm đăng');
    // A label read exactly keeps its end; a long word is not cut for one edit.
    expect(trimIntoValue('Dân tộc:Kinh', 0, 7, 0)).toBe(7);
    expect(trimIntoValue('Nơi sinhBệnh viện', 0, 10, 1)).toBe(10);
  });
});

describe('ruled rows', () => {
  const rules = [
    { y0: 100, y1: 102, x0: 50, x1: 2400 },
    { y0: 330, y1: 332, x0: 50, x1: 2400 },
    { y0: 400, y1: 402, x0: 50, x1: 2400 },
  ];
  it('keys lines by the rules around them', () => {
    const rows = ruledRows(
      [
        [900, 150, 1400, 60],
        [200, 250, 600, 60],
        [200, 340, 600, 50],
        [200, 1000, 600, 60],
      ],
      rules,
    );
    expect(rows[0]).toBe(rows[1]);
    expect(rows[0]).not.toBeNull();
    expect(rows[2]).not.toBe(rows[1]);
    // Below the last rule: not boxed in.
    expect(rows[3]).toBeNull();
  });
  it('gives no rows on a page without rules, or rows taller than a few lines', () => {
    expect(ruledRows([[200, 250, 600, 60]], [])).toEqual([null]);
    expect(
      ruledRows(
        [[200, 250, 600, 60]],
        [
          { y0: 100, y1: 101, x0: 0, x1: 2400 },
          { y0: 3000, y1: 3001, x0: 0, x1: 2400 },
        ],
      ),
    ).toEqual([null]);
  });
});

describe('a grid whose value starts above its label (label at the bottom of a tall row)', () => {
  const page = (rows: boolean): OcrLineInput[] => {
    const r = (k: string) => (rows ? k : undefined);
    return [
      line('SỔ ĐĂNG KÝ KHAI TỬ', 800, 100),
      line('Số: 155', 230, 300, r('a')),
      line('Họ, chữ đệm, tên người chết: Nguyễn Văn Minh', 230, 400, r('b')),
      line('Số định danh cá nhân: 046092671752', 230, 500, r('c')),
      line('thôn Ka Vá, xã Quảng Phước,', 960, 530, r('d')),
      line('huyện Quảng Điền, tỉnh Thừa', 960, 590, r('d')),
      line('Nơi cư trú cuối cùng: Thiên Huế', 230, 655, r('d')),
      line('Thời gian chết: 16 giờ 59 phút, ngày 15/06/2019', 230, 760, r('e')),
      line('Họ, chữ đệm, tên người đi Nguyễn Thị Ngọc', 230, 860, r('f')),
      line('khai tử:', 230, 925, r('f')),
      line('Quan hệ với người chết: Con', 230, 1010, r('g')),
    ];
  };

  it('reads the line above into the value of its row, and a label wrapped onto its tail', () => {
    const e = extractPage(page(true), 'KT').entries[0]!;
    expect(e.fields['nktNoiCuTru']?.value).toBe(
      'thôn Ka Vá, xã Quảng Phước, huyện Quảng Điền, tỉnh Thừa Thiên Huế',
    );
    // The ID before it does not take the line of the next row.
    expect(e.fields['nktSoDinhDanh']?.value).toBe('046092671752');
    expect(e.fields['nycHoTen']?.value).toBe('Nguyễn Thị Ngọc');
    expect(e.fields['nycQuanHe']?.value).toBe('Con');
  });

  it('keeps a wrapping value before it out of the next row (without rows it would run on)', () => {
    const ks = (rows: boolean): OcrLineInput[] => {
      const r = (k: string) => (rows ? k : undefined);
      return [
        line('SỔ ĐĂNG KÝ KHAI SINH', 800, 100),
        line('Số: 319', 280, 300, r('a')),
        line('Họ, chữ đệm, tên: Lê Anh Khôi', 280, 380, r('b')),
        line('Nơi sinh: Bệnh viện Trung ương Huế', 271, 460, r('c')),
        line('xã Trung Sơn, huyện A Lưới, tỉnh Thừa', 500, 530, r('d')),
        line('Quê quán: Thiên Huế', 270, 595, r('d')),
        line('Số định danh cá nhân: 046220895410', 269, 700, r('e')),
      ];
    };
    const ruled = extractPage(ks(true), 'KS').entries[0]!;
    expect(ruled.fields['nksNoiSinh']?.value).toBe('Bệnh viện Trung ương Huế');
    expect(ruled.fields['nksQueQuan']?.value).toBe('xã Trung Sơn, huyện A Lưới, tỉnh Thừa Thiên Huế');
    const unruled = extractPage(ks(false), 'KS').entries[0]!;
    expect(unruled.fields['nksQueQuan']?.value).toBe('Thiên Huế');
  });
});

describe('labels wrapping onto a tail of one short word', () => {
  it('reads "mẹ:", "cha:" and "ký:" as the tails of the labels above', () => {
    const lines = [
      line('SỐ ĐĂNG KÝ KHAI SINH', 800, 100),
      line('Số: 214', 380, 300),
      line('Họ, chữ đệm, tên: Nguyễn Văn Sơn', 380, 400),
      line('Họ, chữ đệm, tên người. Đặng Thị Tâm', 370, 500),
      line('mẹ:', 370, 565),
      line('Năm sinh: 1998', 370, 650),
      line('Họ, chữ đệm, tên người', 363, 750),
      line('cha:', 360, 815),
      line('Năm sinh:', 360, 900),
      line('Ngày, tháng, năm đăng... 16/07/2018', 350, 1000),
      line('ký:', 347, 1065),
    ];
    const e = extractPage(lines, 'KS').entries[0]!;
    expect(e.fields['meHoTen']?.value).toBe('Đặng Thị Tâm');
    expect(e.fields['meNgaySinh']?.value).toBe('1998');
    expect(e.fields['chaHoTen']?.value).toBe('');
    expect(e.fields['ngayDangKy']?.value).toBe('16/07/2018');
  });
});

describe('an unruled two-line value whose label is level with its second line', () => {
  it('takes the line just above that no other value took', () => {
    const lines = [
      line('SỔ ĐĂNG KÝ KẾT HÔN', 800, 100),
      line('Số: 215', 208, 300),
      line('Họ, chữ đệm, tên chồng: Nguyễn Xuân Anh', 208, 380),
      line('Quốc tịch: Việt Nam', 211, 460),
      line('63 Đống Đa, phường Xuân Phú, thành phố Huế,', 1015, 520),
      line('Nơi cư trú: tỉnh Thừa Thiên Huế', 213, 585),
      line('Số định danh cá nhân: 046093044551', 215, 700),
    ];
    const e = extractPage(lines, 'KH').entries[0]!;
    expect(e.fields['chongNoiCuTru']?.value).toBe(
      '63 Đống Đa, phường Xuân Phú, thành phố Huế, tỉnh Thừa Thiên Huế',
    );
    expect(e.fields['chongQuocTich']?.value).toBe('Việt Nam');
  });

  it('leaves a line above that the value before it continues into', () => {
    const lines = [
      line('SỔ ĐĂNG KÝ KẾT HÔN', 800, 100),
      line('Số: 215', 208, 300),
      line('Họ, chữ đệm, tên chồng: Nguyễn Xuân Anh', 208, 380),
      line('Nơi cư trú: 63 Đống Đa, phường Xuân Phú, thành phố Huế,', 211, 460),
      line('tỉnh Thừa Thiên Huế', 520, 525),
      line('Số định danh cá nhân: 046093044551', 215, 590),
    ];
    const e = extractPage(lines, 'KH').entries[0]!;
    expect(e.fields['chongNoiCuTru']?.value).toBe(
      '63 Đống Đa, phường Xuân Phú, thành phố Huế, tỉnh Thừa Thiên Huế',
    );
    expect(e.fields['chongSoDinhDanh']?.value).toBe('046093044551');
  });
});

describe('house numbers', () => {
  it('reads look-alike letters in the number opening an address as digits, and nothing else', () => {
    expect(houseNumber('S6 Chi Lăng, phường Đông Ba')).toBe('56 Chi Lăng, phường Đông Ba');
    expect(houseNumber('1O3 Lê Lợi')).toBe('103 Lê Lợi');
    expect(houseNumber('Sơn Thủy, xã Lộc Sơn')).toBe('Sơn Thủy, xã Lộc Sơn');
    expect(houseNumber('lô B5, khu vực 3')).toBe('lô B5, khu vực 3');
    expect(houseNumber('SOS Huế')).toBe('SOS Huế');
  });
});

describe('specks inside a unit type', () => {
  it('rejoins "thành, phố" and "thị. xã", and leaves a real comma between units', () => {
    expect(unitTypeSpecks('phường Phước Vĩnh, thành, phố Huế')).toBe('phường Phước Vĩnh, thành phố Huế');
    expect(unitTypeSpecks('thị. xã Hương Trà')).toBe('thị xã Hương Trà');
    expect(unitTypeSpecks('xã Lộc An, huyện Phú Lộc')).toBe('xã Lộc An, huyện Phú Lộc');
  });
});

describe('syllables split in two', () => {
  it('joins two words into one syllable only when one of them is no syllable', () => {
    expect(joinSplitSyllables('Nguyễn Thu Th ủy').text).toBe('Nguyễn Thu Thủy');
    expect(joinSplitSyllables('Hoà ng Hữu Tuấn').text).toBe('Hoàng Hữu Tuấn');
    expect(joinSplitSyllables('Tà Ôi').text).toBe('Tà Ôi');
    expect(joinSplitSyllables('Coor Xiêng').text).toBe('Coor Xiêng');
  });
});

describe('a label lost or glued to a ruled line', () => {
  const kh = (dateLine: string): OcrLineInput[] => [
    line('SỔ ĐĂNG KÝ KẾT HÔN', 800, 100),
    line('Số: 101', 280, 300),
    line('Họ, chữ đệm, tên chồng: Nguyễn Xuân Kiên', 280, 380),
    line(dateLine, 280, 460),
    line('Quốc tịch: Việt Nam', 280, 540),
  ];

  it('finds a label whose first letter is glued to a ruled line read as "l"', () => {
    const e = extractPage(kh('Ngày, tháng, năm sinh: 10/06/1986 lDân tộc: | Kinh'), 'KH').entries[0]!;
    expect(e.fields['chongNgaySinh']?.value).toBe('10/06/1986');
    expect(e.fields['chongDanToc']?.value).toBe('Kinh');
  });

  it('takes the list value the date before it runs on with when the label was printed over, and says so', () => {
    const e = extractPage(kh('Ngày, tháng, năm sinh: 27/0a/198® Kinh'), 'KH').entries[0]!;
    const danToc = e.fields['chongDanToc']!;
    expect(danToc.value).toBe('Kinh');
    expect(danToc.confidence).toBeLessThanOrEqual(0.6);
    expect(danToc.warnings.join(' ')).toMatch(/nhãn/u);
    expect(e.fields['chongNgaySinh']?.value).toBe('27/0a/198®');
    // Each value's box covers its own words: the checker sees "Kinh" framed, not the date with it.
    const [dx, , dw] = e.fields['chongNgaySinh']!.box!;
    const [kx, , kw] = danToc.box!;
    expect(kx).toBeGreaterThan(dx + dw);
    expect(kw).toBeLessThan(dw);
    // Words that are no entry of the list stay with the value they follow.
    const other = extractPage(kh('Ngày, tháng, năm sinh: 27/08/1990 Kinhx'), 'KH').entries[0]!;
    expect(other.fields['chongDanToc']?.value).toBe('');
  });
});
