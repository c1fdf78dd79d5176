/** Types of the Ministry import templates ("DL Import" workbooks of the historical civil-status software). Pure. */
import type { RegisterType } from '../registers/types';

/** A template version: register type and column count. */
export type TemplateId = 'KS-70' | 'KS-60' | 'KH-44' | 'KT-48' | 'CMC-50' | 'HN-35';

/** What a data cell holds: the row number, free text, a date (dd.mm.yyyy or partial) or a code of a code list. */
export type CellType = 'number' | 'text' | 'date' | 'code';

/** Excel number format of a data cell: '@' = text (leading zeros kept), 'General' = as typed. */
export type NumberFormat = '@' | 'General';

/**
 * Values a column takes from outside the entry's fields when no field fills it: the row number (STT), the book's
 * number (quyenSo), the entry's page number (trangSo) and the registering authority (noiDangKy / noiCap, from the
 * book's commune).
 */
export type AutoFill = 'row' | 'bookNumber' | 'page' | 'registrationPlace';

/** A code list of the template's "Ghi chu" sheet: code → label. */
export interface CodeList {
  /** Name as the Ghi chu sheet heads it ("loaiDangKy", "LoaiGiayToTuyThan", "GioiTinh" …). */
  name: string;
  /** Code → Vietnamese label, in list order. */
  codes: Readonly<Record<string, string>>;
}

export interface TemplateColumn {
  /** Column code (the header cell's first word), e.g. "loaiDangKy". */
  code: string;
  /** Header cell exactly as the template writes it (trailing spaces and the code hint line included). */
  header: string;
  cell: CellType;
  numberFormat: NumberFormat;
  /** Name of the code list (key of `TemplateDef.codeLists`) a code cell takes its values from. */
  codeList?: string;
  auto?: AutoFill;
  /** An import row needs a value here (our choice: the Ministry's list of mandatory columns is not public). */
  required: boolean;
  /** Longest value accepted (characters). */
  maxLength: number;
}

export interface TemplateDef {
  id: TemplateId;
  type: RegisterType;
  /** 'published': read from a published workbook; 'derived': built from the column list of registers.md §2.4. */
  provenance: 'published' | 'derived';
  /** Where the column list and header cells come from (English, for the README and reports). */
  source: string;
  /** Sheet names: data, then code lists. */
  sheets: { data: 'DL Import'; codes: 'Ghi chu' };
  columns: readonly TemplateColumn[];
  /** Every code list a code column refers to, by name. */
  codeLists: Readonly<Record<string, CodeList>>;
  /** The code lists written on the "Ghi chu" sheet, in order (names of `codeLists`). */
  codeSheet: readonly string[];
}

/** Where a printed field goes in one template version. */
export interface FieldColumn {
  /** Column the field's value fills. */
  column: string;
  /**
   * Set when the field is a personal ID exported as an identity document number (`*SoGiayToTuyThan`): the
   * column that then gets the document kind (`*LoaiGiayToTuyThan`, 4 = citizen identity card, a setting).
   */
  documentKindColumn?: string;
}
