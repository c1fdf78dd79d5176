/**
 * The Ministry import workbook of one book, as plain data (no library): sheet "DL Import" (header row exactly as
 * the template writes it, one row per entry in `so` order) and sheet "Ghi chu" (the template's code lists), plus
 * the export findings of every row and column. Pure and synchronous: an export worker can run it; `xlsx.ts`
 * turns the model into a file.
 */
import {
  checkBook,
  checkEntry,
  documentKind,
  exportValue,
  registrationPlace,
  REGISTERS,
  RULES,
  TEMPLATE_CHECKS,
  TEMPLATES,
  TEMPLATES_OF,
  type Book,
  type Entry,
  type FieldDef,
  type FormProblem,
  type NumberFormat,
  type Page,
  type RuleCode,
  type Severity,
  type TemplateCheckCode,
  type TemplateColumn,
  type TemplateDef,
  type TemplateId,
} from '../domain';

/** A cell: text, a number (STT) or nothing. */
export type CellValue = string | number | null;

export interface SheetColumn {
  numberFormat: NumberFormat;
  /** Width in characters. */
  width: number;
}

export interface SheetModel {
  name: string;
  columns: SheetColumn[];
  /** Rows from the first; a row may be shorter than `columns`. */
  rows: CellValue[][];
  /** Rows whose cells are headings (not data): written without the column's number format. */
  headingRows: number[];
}

export interface WorkbookModel {
  sheets: SheetModel[];
}

/** One line of the pre-export validation report ("Xuất dữ liệu"). */
export interface ExportFinding {
  /** Sheet row of the entry (2 = first entry; the header is row 1). */
  row: number;
  entryId: string;
  /** Template column code, or the field key when the template has no column for it; null for a whole entry. */
  column: string | null;
  code: RuleCode | TemplateCheckCode;
  severity: Severity;
  /** Short Vietnamese title of the rule. */
  title: string;
  /** Vietnamese message about this value. */
  message: string;
  /** 'template': a check of the import template; 'rules': the validation rule catalogue. */
  source: 'template' | 'rules';
}

export interface ExportOptions {
  /** Template version (default: the type's full template, e.g. KS-70). */
  template?: TemplateId;
  /** Document kind written beside an ID exported as `*SoGiayToTuyThan` (default "4", citizen identity card). */
  idDocumentKind?: string;
  /**
   * Values for columns no printed field fills, the same for every row (e.g. { loaiDangKy: '1', nguoiKy: '…' });
   * checked like any other value. They take precedence over the automatic ones (noiDangKy from the commune).
   */
  columnValues?: Readonly<Record<string, string>>;
  /** Page number written in trangSo, by page id (default: the page's 1-based position in the book). */
  pageNumbers?: Readonly<Record<string, string>>;
}

export interface BookExportInput {
  /** `paperSize` (default A4) sizes the entries' PDF pages. */
  book: Pick<Book, 'id' | 'type' | 'year' | 'bookNumber' | 'commune'> & { paperSize?: Book['paperSize'] };
  /** The book's entries, any order. */
  entries: readonly Pick<Entry, 'id' | 'type' | 'pageIds' | 'order' | 'fields'>[];
  /** The book's pages (their order places entries without a number and gives the default trangSo). */
  pages: readonly Pick<Page, 'id' | 'order'>[];
  options?: ExportOptions;
  /** File name pattern (names.ts; the stored setting, default `DEFAULT_NAME_PATTERN`); an invalid one is ignored. */
  namePattern?: string;
  /** Year "today" for the rule catalogue's plausibility checks (default: this year). */
  latestYear?: number;
}

export interface BookExport {
  template: TemplateDef;
  model: WorkbookModel;
  /** Entry ids in row order (row 2 first). */
  entryIds: string[];
  /** Template checks and rule findings, by row then column order. */
  findings: ExportFinding[];
}

type Row = BookExportInput['entries'][number];

const SO = /^0*(\d+)([A-Za-z]?)$/u;

/** Entries in `so` order (number, then letter suffix); ties and entries without a readable number in book order. */
export function sortBySo(entries: readonly Row[], pageOrder: ReadonlyMap<string, number>): Row[] {
  const bookOrder = (e: Row): [number, number] => [pageOrder.get(e.pageIds[0] ?? '') ?? Infinity, e.order];
  const key = (e: Row): [number, string] | null => {
    const m = SO.exec((e.fields['so']?.value ?? '').normalize('NFC').trim());
    return m ? [Number(m[1]), (m[2] ?? '').toUpperCase()] : null;
  };
  return [...entries].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka && !kb) return -1;
    if (!ka && kb) return 1;
    if (ka && kb && (ka[0] !== kb[0] || ka[1] !== kb[1])) {
      return ka[0] - kb[0] || (ka[1] < kb[1] ? -1 : 1);
    }
    const [pa, oa] = bookOrder(a);
    const [pb, ob] = bookOrder(b);
    return pa - pb || oa - ob;
  });
}

const PROBLEM_CHECK: Readonly<Record<FormProblem, TemplateCheckCode>> = {
  date_impossible: 'export.date_impossible',
  date_unreadable: 'export.date_unreadable',
  code_unknown: 'export.code_unknown',
};

interface Cell {
  value: CellValue;
  findings: { code: TemplateCheckCode; message: string }[];
}

/** What fills each column: the field mapped to it, or the field whose document kind it holds. */
function columnSources(template: TemplateDef): {
  byColumn: Map<string, FieldDef>;
  kindOf: Map<string, FieldDef>;
  unmapped: FieldDef[];
} {
  const byColumn = new Map<string, FieldDef>();
  const kindOf = new Map<string, FieldDef>();
  const unmapped: FieldDef[] = [];
  for (const def of REGISTERS[template.type].fields) {
    const col = def.templateColumn[template.id];
    if (!col) {
      unmapped.push(def);
      continue;
    }
    byColumn.set(col.column, def);
    if (col.documentKindColumn) kindOf.set(col.documentKindColumn, def);
  }
  return { byColumn, kindOf, unmapped };
}

function fieldText(entry: Row, key: string): string {
  const f = entry.fields[key];
  if (!f || f.flags.includes('blank')) return '';
  return f.value;
}

/**
 * The cell reader of a template for one book: the value of column `col` for entry `e` at workbook row `stt`
 * (1-based), with its template-check findings. The one mapping from stored values to their export forms: the
 * workbook uses it row by row, `entryExportCells` (the province server's read API) entry by entry.
 */
function cellReader(
  template: TemplateDef,
  book: BookExportInput['book'],
  options: ExportOptions,
  pageNumber: (e: Row) => string,
): (col: TemplateColumn, e: Row, stt: number) => Cell {
  const { byColumn, kindOf } = columnSources(template);
  const place = registrationPlace(book.commune);

  const autoValue = (col: TemplateColumn, e: Row, row: number): CellValue => {
    switch (col.auto) {
      case 'row':
        return row;
      case 'bookNumber':
        return book.bookNumber;
      case 'page':
        return pageNumber(e);
      case 'registrationPlace':
        return place;
      default:
        return '';
    }
  };

  return (col, e, row) => {
    const findings: Cell['findings'] = [];
    const list = col.codeList === undefined ? undefined : template.codeLists[col.codeList];
    let value: CellValue = '';
    const def = byColumn.get(col.code);
    const raw = def ? fieldText(e, def.key) : '';
    if (def && raw.trim()) {
      const form = exportValue(raw, def.kind, col.cell, list);
      value = form.text;
      if (form.problem)
        findings.push({ code: PROBLEM_CHECK[form.problem], message: problemMessage(form.problem, raw, col) });
    } else if (kindOf.has(col.code) && fieldText(e, kindOf.get(col.code)!.key).trim()) {
      value = documentKind(fieldText(e, kindOf.get(col.code)!.key), options.idDocumentKind);
    } else if (options.columnValues?.[col.code] !== undefined) {
      const given = options.columnValues[col.code]!;
      const form = exportValue(given, 'text', col.cell, list);
      value = form.text;
      if (form.problem)
        findings.push({
          code: PROBLEM_CHECK[form.problem],
          message: problemMessage(form.problem, given, col),
        });
    } else {
      value = autoValue(col, e, row);
    }
    if (
      col.cell === 'code' &&
      list &&
      typeof value === 'string' &&
      value &&
      !Object.hasOwn(list.codes, value)
    ) {
      if (!findings.some((f) => f.code === 'export.code_unknown')) {
        findings.push({ code: 'export.code_unknown', message: problemMessage('code_unknown', value, col) });
      }
    }
    if (col.required && (value === '' || value === null)) {
      findings.push({
        code: 'export.required_empty',
        message: `Cột ${col.code} cần có giá trị để nhập được vào phần mềm.`,
      });
    }
    const unknownCode = findings.some((f) => f.code === 'export.code_unknown');
    if (typeof value === 'string' && !unknownCode && [...value].length > col.maxLength) {
      findings.push({
        code: 'export.too_long',
        message: `Giá trị của cột ${col.code} dài ${[...value].length} ký tự, quá giới hạn ${col.maxLength}.`,
      });
    }
    return { value, findings };
  };
}

/** The template an export of `book` uses (the type's full one unless `options.template` names another). */
function templateOf(book: BookExportInput['book'], options: ExportOptions): TemplateDef {
  const template = TEMPLATES[options.template ?? TEMPLATES_OF[book.type][0]!];
  if (template.type !== book.type) {
    throw new Error(`Template ${template.id} is for ${template.type} books, not ${book.type}`);
  }
  return template;
}

/** One column of one entry in its export form (a `problem` when the value cannot take it: written as it is). */
export interface ExportCell {
  column: string;
  value: string;
  problems: { code: TemplateCheckCode; message: string }[];
}

/**
 * The export form of one entry, column by column, exactly as the workbook row would hold it — except STT (the
 * workbook's row number, meaningless alone). `pageNumber` is trangSo (the workbook: the first page's 1-based
 * position in the book). Rule-catalogue findings are not computed here.
 */
export function entryExportCells(
  book: BookExportInput['book'],
  entry: Row,
  pageNumber: string,
  options: ExportOptions = {},
): { template: TemplateDef; cells: ExportCell[] } {
  const template = templateOf(book, options);
  const read = cellReader(template, book, options, () => pageNumber);
  const cells = template.columns
    .filter((col) => col.auto !== 'row')
    .map((col) => {
      const cell = read(col, entry, 0);
      return {
        column: col.code,
        value: cell.value === null ? '' : String(cell.value),
        problems: cell.findings,
      };
    });
  return { template, cells };
}

export function buildBookExport(input: BookExportInput): BookExport {
  const { book, options = {} } = input;
  const template = templateOf(book, options);
  const pageOrder = new Map(input.pages.map((p) => [p.id, p.order]));
  const entries = sortBySo(
    input.entries.filter((e) => e.type === book.type),
    pageOrder,
  );
  const { unmapped } = columnSources(template);

  const pageNumber = (e: Row): string => {
    const id = e.pageIds[0] ?? '';
    const given = options.pageNumbers?.[id];
    if (given !== undefined) return given;
    const o = pageOrder.get(id);
    return o === undefined ? '' : String(o + 1);
  };
  const cellOf = cellReader(template, book, options, pageNumber);

  const findings: ExportFinding[] = [];
  const rows: CellValue[][] = [template.columns.map((c) => c.header)];
  const ruleCtx = {
    bookYear: book.year,
    commune: book.commune,
    ...(input.latestYear ? { latestYear: input.latestYear } : {}),
  };
  const columnOfField = (key: string | undefined): string | null => {
    if (key === undefined) return null;
    const def = REGISTERS[template.type].fields.find((d) => d.key === key);
    return def?.templateColumn[template.id]?.column ?? key;
  };
  const rowOf = new Map<string, number>();

  entries.forEach((e, i) => {
    const row = i + 2;
    rowOf.set(e.id, row);
    const cells = template.columns.map((col) => cellOf(col, e, i + 1));
    rows.push(cells.map((c) => c.value));
    cells.forEach((c, ci) => {
      for (const f of c.findings) {
        findings.push(templateFinding(row, e.id, template.columns[ci]!.code, f.code, f.message));
      }
    });
    for (const def of unmapped) {
      const v = fieldText(e, def.key).trim();
      if (v) {
        findings.push(
          templateFinding(
            row,
            e.id,
            def.key,
            'export.no_column',
            `Mẫu ${template.id} không có cột cho "${def.uiLabel}": giá trị "${v}" không được xuất.`,
          ),
        );
      }
    }
    for (const f of checkEntry(e, ruleCtx)) {
      findings.push({
        row,
        entryId: e.id,
        column: columnOfField(f.fields[0]),
        code: f.code,
        severity: f.severity,
        title: RULES[f.code].title,
        message: f.message,
        source: 'rules',
      });
    }
  });

  const bookEntries = entries.map((e) => ({ id: e.id, bookId: book.id, fields: e.fields }));
  for (const f of checkBook(bookEntries, { bookYears: { [book.id]: book.year } })) {
    for (const id of f.entryIds ?? []) {
      const row = rowOf.get(id);
      if (row === undefined) continue;
      findings.push({
        row,
        entryId: id,
        column: columnOfField(f.fields[0]),
        code: f.code,
        severity: f.severity,
        title: RULES[f.code].title,
        message: f.message,
        source: 'rules',
      });
    }
  }

  const colIndex = new Map(template.columns.map((c, i) => [c.code, i]));
  findings.sort(
    (a, b) =>
      a.row - b.row ||
      (colIndex.get(a.column ?? '') ?? Infinity) - (colIndex.get(b.column ?? '') ?? Infinity),
  );

  const dataSheet: SheetModel = {
    name: template.sheets.data,
    columns: template.columns.map((c) => ({ numberFormat: c.numberFormat, width: columnWidth(c) })),
    rows,
    headingRows: [0],
  };
  return {
    template,
    model: { sheets: [dataSheet, codeSheet(template)] },
    entryIds: entries.map((e) => e.id),
    findings,
  };
}

function templateFinding(
  row: number,
  entryId: string,
  column: string,
  code: TemplateCheckCode,
  message: string,
): ExportFinding {
  const c = TEMPLATE_CHECKS[code];
  return { row, entryId, column, code, severity: c.severity, title: c.title, message, source: 'template' };
}

function problemMessage(problem: FormProblem, value: string, col: TemplateColumn): string {
  switch (problem) {
    case 'date_impossible':
      return `Ngày "${value}" ở cột ${col.code} không có trên lịch; xuất như trong sổ, phần mềm có thể không nhận.`;
    case 'date_unreadable':
      return `Không đọc được "${value}" ở cột ${col.code} thành ngày dd.mm.yyyy; xuất nguyên văn.`;
    case 'code_unknown':
      return `"${value}" ở cột ${col.code} không có trong danh mục ${col.codeList ?? ''}.`;
  }
}

/** Header width: the longest line of the header cell, at least 8 characters. */
function columnWidth(c: TemplateColumn): number {
  return Math.max(8, ...c.header.split('\n').map((l) => l.trim().length + 2));
}

/** The "Ghi chu" sheet: each code list as a heading row (its name) then one row per code (code, label). */
function codeSheet(template: TemplateDef): SheetModel {
  const rows: CellValue[][] = [];
  const headingRows: number[] = [];
  for (const name of template.codeSheet) {
    const list = template.codeLists[name];
    if (!list) continue;
    if (rows.length) rows.push([]);
    headingRows.push(rows.length);
    rows.push([list.name]);
    for (const [code, label] of Object.entries(list.codes)) rows.push([code, label]);
  }
  return {
    name: template.sheets.codes,
    columns: [
      { numberFormat: '@', width: 10 },
      { numberFormat: '@', width: 60 },
    ],
    rows,
    headingRows,
  };
}
