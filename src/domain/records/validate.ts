/**
 * Domain validations of a keyed value, as Vietnamese warnings. Never blocking, never rewriting the value:
 * the register's text is kept verbatim, oddities are only pointed out.
 */
import { isPlausibleYear, parseDate } from '../fields/date';
import { checkPersonalId } from '../fields/id-number';
import { checkName } from '../fields/name';
import { parseSex } from '../fields/sex';
import { personOfField } from '../registers';
import type { FieldDef } from '../registers/types';
import type { FieldValue } from './entry';

/** Warnings for one field of an entry (other fields give context, e.g. sex for the ID number). */
export function fieldWarnings(
  def: FieldDef,
  field: FieldValue | undefined,
  all: Record<string, FieldValue>,
): string[] {
  const value = (field?.value ?? '').normalize('NFC').trim();
  if (field?.flags.includes('blank') || field?.flags.includes('illegible')) return [];
  if (!value) return [];
  const out: string[] = [];
  if (value !== value.replace(/\s+/g, ' ') || /^\s|\s$/.test(field?.value ?? '')) {
    out.push('Có khoảng trắng thừa.');
  }
  switch (def.kind) {
    case 'date':
    case 'year_or_date': {
      const d = parseDate(value);
      if (d.impossible)
        out.push('Ngày không có thật trên lịch — giữ nguyên như trong sổ, đánh dấu "Ngày không có thật".');
      else if (!d.valid) out.push('Không nhận ra dạng ngày (ví dụ 05/03/1990, 03/1990 hoặc 1990).');
      else if (d.year !== undefined && !isPlausibleYear(d.year)) {
        out.push(`Năm ${d.year} nằm ngoài khoảng hợp lý.`);
      }
      break;
    }
    case 'name':
      for (const w of checkName(value)) if (w.code !== 'empty') out.push(`${w.message}.`);
      break;
    case 'sex':
      if (!parseSex(value)) out.push('Giới tính thường ghi "Nam" hoặc "Nữ".');
      break;
    case 'number':
      if (!/^\d+[A-Za-z]?$/.test(value)) out.push('Số thứ tự thường chỉ gồm chữ số.');
      break;
    case 'id_number': {
      const person = personOfField(def.key)?.fields;
      const sex = person?.sex ? parseSex(all[person.sex]?.value ?? '') : null;
      const birth = parseDate(person?.birth ? (all[person.birth]?.value ?? '') : '');
      for (const w of checkPersonalId(value, { sex, birthYear: birth.year ?? null })) {
        if (w.code !== 'empty') out.push(w.message.endsWith('.') ? w.message : `${w.message}.`);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/** True when the value is a date that cannot exist (the operator may flag it 'impossible_date'). */
export function isImpossibleDate(def: FieldDef, value: string): boolean {
  return (def.kind === 'date' || def.kind === 'year_or_date') && parseDate(value).impossible;
}
