import type { FieldColumn, TemplateId } from '../templates/types';

/** Register type codes (DESIGN.md §3.1). */
export type RegisterType = 'KS' | 'KT' | 'KH' | 'CMC' | 'HN';

/** What kind of value a field holds; drives parsing, validation, OCR whitelists and lexicon correction. */
export type ValueKind =
  | 'number' // entry number "87"
  | 'book_number' // "03/2017", "01-TP/HT-2015-KS"
  | 'name' // personal name
  | 'date' // dd/mm/yyyy, possibly partial or impossible
  | 'year_or_date' // "1988" or a date
  | 'date_words' // date written out in words
  | 'time' // "14 giờ 05 phút"
  | 'sex' // Nam / Nữ
  | 'ethnicity'
  | 'nationality'
  | 'id_number' // 12-digit personal ID (or 9-digit CMND)
  | 'place' // address / place name
  | 'relation' // relationship to the registered person
  | 'text'; // free text (notes, cause of death)

export interface FieldDef {
  /** Ministry template column code (or a same-style key for printed fields without a column). */
  key: string;
  /** Every printed label variant known (all eras), without the trailing colon, NFC. */
  labels: string[];
  kind: ValueKind;
  /** Section of the entry: 'header' | 'child' | 'mother' | 'father' | 'deceased' | 'husband' | 'wife' | 'requester' | ... */
  section: string;
  /**
   * Where the field exports, per template version of its register type: its own column (the key), or another
   * column the template expects it in (`nktSoDinhDanh` → `nktSoGiayToTuyThan` with `nktLoaiGiayToTuyThan`).
   * A version the field has no entry for does not export it (KS-60 has no `nksSoDinhDanh` column).
   */
  templateColumn: Readonly<Partial<Record<TemplateId, FieldColumn>>>;
  /** Vietnamese label shown in the UI. */
  uiLabel: string;
  /**
   * Key of the printed field whose value also carries this one (e.g. nktNgayChet is printed on the
   * "Thời gian chết" line of nktGioPhutChet); such a field has no label of its own (labels = []).
   */
  splitFrom?: string;
}

/** The people an entry names, by their role in the registered event. */
export type PersonId =
  'child' | 'mother' | 'father' | 'parent' | 'requester' | 'husband' | 'wife' | 'deceased' | 'subject';

/** Keys of the fields that describe one person (only those the register's form prints). */
export interface PersonFields {
  name?: string;
  /** Date (or year) of birth. */
  birth?: string;
  /** Date of birth written in words. */
  birthWords?: string;
  sex?: string;
  /** Personal ID (số định danh) or identity-document number. */
  idNumber?: string;
  /** The requester's relationship to the registered person. */
  relation?: string;
}

/** One person named by an entry of a register, with the keys of the fields about them. */
export interface PersonGroup {
  id: PersonId;
  /** Vietnamese name of the role, e.g. "Người được khai sinh". */
  label: string;
  fields: PersonFields;
  /**
   * The word the requester's relation field reads when this person registered the event themselves
   * ("Cha", "Mẹ" on a birth): the requester and this person are then one person.
   */
  relationWord?: string;
}

export interface RegisterDef {
  type: RegisterType;
  /** Vietnamese name, e.g. "Sổ đăng ký khai sinh". */
  name: string;
  /** Page-title variants identifying the register type, e.g. "SỔ ĐĂNG KÝ KHAI SINH". */
  titles: string[];
  /** Fields printed on the forms, in printed (and template) order. */
  fields: FieldDef[];
  /** All template columns of the type's default (full) template version in order, STT excluded. */
  templateColumns: string[];
  /** Template versions of the type (templates/), the default first. */
  templates: readonly TemplateId[];
  /** The people an entry names and which fields describe each of them. */
  persons: readonly PersonGroup[];
}
