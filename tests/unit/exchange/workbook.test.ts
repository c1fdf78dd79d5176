/** The pure workbook model: findings of the validation report (template checks + rule catalogue), options. */
import { describe, expect, it } from 'vitest';
import { TEMPLATE_CHECK_CODES } from '../../../src/domain/templates/index';
import { buildBookExport, entryExportCells, type ExportFinding } from '../../../src/exchange/workbook';
import { book, entry, fixtureBooks, fv, pages } from './fixtures';

const brief = (fs: readonly ExportFinding[]) => fs.map((f) => `${f.row} ${f.column ?? '-'} ${f.code}`);

describe('export findings', () => {
  it('template checks per row and column, merged with the rule catalogue, in row then column order', () => {
    const { findings } = buildBookExport(fixtureBooks().KS);
    const template = findings.filter((f) => f.source === 'template');
    expect(brief(template)).toEqual([
      '3 nksNgaySinh export.date_impossible',
      '4 nksGioiTinh export.code_unknown',
      '4 nksNgaySinh export.date_unreadable',
    ]);
    const rules = brief(findings.filter((f) => f.source === 'rules'));
    expect(rules).toContain('3 nksNgaySinh date.impossible');
    expect(rules).toContain('4 nksGioiTinh sex.unknown');
    expect(rules).toContain('3 nksDanToc ethnicity.alias');
    const rows = findings.map((f) => f.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    for (const f of findings) {
      expect(f.message).toBe(f.message.normalize('NFC'));
      expect(f.title.length).toBeGreaterThan(0);
    }
  });

  it('raises every template check', () => {
    const input = {
      book: book('KT', 2023),
      pages: pages(1),
      latestYear: 2024,
      entries: [
        entry('KT', 0, 0, {
          so: '5',
          nktHoTen: '',
          nktGioiTinh: 'X',
          nktNgayChet: '31/04/2023',
          ngayDangKy: 'hôm qua',
        }),
      ],
      options: { template: 'KT-48' as const, columnValues: { gbtLoai: '9', gbtSo: 'x'.repeat(40000) } },
    };
    const { findings } = buildBookExport(input);
    expect(new Set(findings.filter((f) => f.source === 'template').map((f) => f.code))).toEqual(
      new Set(TEMPLATE_CHECK_CODES.filter((c) => c !== 'export.no_column')),
    );
    expect(brief(findings.filter((f) => f.code === 'export.required_empty'))).toEqual([
      '2 nktHoTen export.required_empty',
    ]);
    expect(brief(findings.filter((f) => f.code === 'export.too_long'))).toEqual(['2 gbtSo export.too_long']);
  });

  it('book rules (numbering) land on the rows of the entries concerned', () => {
    const input = {
      book: book('KS'),
      pages: pages(1),
      latestYear: 2024,
      entries: [
        entry('KS', 0, 0, { so: '1', nksHoTen: 'Nguyễn Văn An', ngayDangKy: '01/02/2017' }),
        entry('KS', 0, 1, { so: '3', nksHoTen: 'Nguyễn Văn Bình', ngayDangKy: '02/02/2017' }),
      ],
    };
    const { findings } = buildBookExport(input);
    expect(brief(findings.filter((f) => f.code === 'so.gap'))).toEqual(['3 so so.gap']);
  });
});

describe('options and inputs', () => {
  it('column values for columns no field fills, a document kind setting, page numbers given', () => {
    const input = {
      ...fixtureBooks().KT,
      options: {
        columnValues: { loaiDangKy: 'Đúng hạn', nguoiKy: 'Trần Văn Ký' },
        idDocumentKind: '8',
        pageNumbers: { p0: '12' },
      },
    };
    const exp = buildBookExport(input);
    const cols = exp.template.columns.map((c) => c.code);
    const row = exp.model.sheets[0]!.rows[1]!;
    expect(row[cols.indexOf('loaiDangKy')]).toBe('1');
    expect(row[cols.indexOf('nguoiKy')]).toBe('Trần Văn Ký');
    expect(row[cols.indexOf('nktLoaiGiayToTuyThan')]).toBe('8');
    expect(row[cols.indexOf('trangSo')]).toBe('12');
  });

  it('never rewrites the entries (the transcription stays as written)', () => {
    const input = fixtureBooks().KS;
    const before = JSON.stringify(input.entries);
    buildBookExport(input);
    expect(JSON.stringify(input.entries)).toBe(before);
  });

  it('a field flagged blank exports nothing; entries without a number go last in book order', () => {
    const exp = buildBookExport({
      book: book('KS'),
      pages: pages(2),
      entries: [
        entry('KS', 0, 0, { so: '', nksHoTen: 'Không Số' }),
        entry('KS', 1, 0, { so: '2', nksHoTen: 'Hai', ghiChu: fv('x', ['blank']) }),
        entry('KS', 0, 1, { so: '1', nksHoTen: 'Một' }),
      ],
    });
    const rows = exp.model.sheets[0]!.rows.slice(1);
    const col = (c: string) => exp.template.columns.findIndex((x) => x.code === c);
    expect(rows.map((r) => r[col('nksHoTen')])).toEqual(['Một', 'Hai', 'Không Số']);
    expect(rows[1]![col('ghiChu')]).toBe('');
  });

  it('refuses a template of another register type', () => {
    expect(() => buildBookExport({ ...fixtureBooks().KT, options: { template: 'KS-70' } })).toThrow(
      /KS books/,
    );
  });
});

describe("one entry's export form (the read API of the province server)", () => {
  it('is the workbook row of that entry, column for column, without STT, with its template findings', () => {
    for (const input of Object.values(fixtureBooks())) {
      const { template, model, entryIds, findings } = buildBookExport(input);
      const rows = model.sheets[0]!.rows;
      entryIds.forEach((id, i) => {
        const e = input.entries.find((x) => x.id === id)!;
        const o = input.pages.find((p) => p.id === e.pageIds[0])!.order;
        const one = entryExportCells(input.book, e, String(o + 1));
        expect(one.template.id).toBe(template.id);
        const expected = template.columns.flatMap((c, ci) =>
          c.auto === 'row' ? [] : [[c.code, String(rows[i + 1]![ci] ?? '')]],
        );
        expect(one.cells.map((c) => [c.column, c.value])).toEqual(expected);
        const rowFindings = findings
          .filter((f) => f.row === i + 2 && f.source === 'template' && f.code !== 'export.no_column')
          .map((f) => `${f.column} ${f.code}`);
        expect(one.cells.flatMap((c) => c.problems.map((p) => `${c.column} ${p.code}`))).toEqual(rowFindings);
      });
    }
  });
});
