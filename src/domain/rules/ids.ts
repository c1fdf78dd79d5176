/**
 * Personal ID rules (domain/registers.md §4): the structure checks of fields/id-number.ts against the same
 * person's sex (the sex field, or the role: husband, wife, father, mother) and birth year, and — for the child of
 * a birth register — the province code against the book's province. Warnings only: numbers are re-issued, people
 * re-registered elsewhere.
 */
import { checkPersonalId, decodePersonalId, type IdWarningCode } from '../fields/id-number';
import { ID_PROVINCE_CODES } from '../fields/provinces';
import { parseSex, type Sex } from '../fields/sex';
import { REGISTERS } from '../registers';
import type { PersonGroup } from '../registers/types';
import { toneInsensitiveKey } from '../text/tone';
import { finding, type RuleCode } from './catalogue';
import type { EntryInput, Finding, RuleContext } from './types';
import { dateOf, sentence, valueOf } from './values';

const CODES: Readonly<Record<Exclude<IdWarningCode, 'empty'>, RuleCode>> = {
  spaces: 'id.spaces',
  non_digit: 'id.non_digit',
  length: 'id.length',
  cmnd_9: 'id.cmnd_9',
  province: 'id.province_unknown',
  sex: 'id.sex',
  century: 'id.century',
  year: 'id.year',
};

const ROLE_SEX: Partial<Record<PersonGroup['id'], Sex>> = {
  husband: 'Nam',
  wife: 'Nữ',
  father: 'Nam',
  mother: 'Nữ',
};

/** Province name → ID province code, on a tone-placement-insensitive key ("Hoà Bình" = "Hòa Bình"). */
const CODE_BY_PROVINCE = new Map(
  Object.entries(ID_PROVINCE_CODES).map(([code, name]) => [toneInsensitiveKey(name), code]),
);

/**
 * The ID province code a birth registered in `ctx.commune` gets, or null when unknown: only for pre-2025 units
 * (whether numbers issued after the July 2025 merger use new codes is unknown, registers.md §4.1).
 */
export function expectedIdProvince(ctx: RuleContext): string | null {
  const c = ctx.commune;
  if (!c || c.list !== 'pre2025') return null;
  return CODE_BY_PROVINCE.get(toneInsensitiveKey(c.province)) ?? null;
}

export function idFindings(entry: EntryInput, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const person of REGISTERS[entry.type].persons) {
    const key = person.fields.idNumber;
    const id = valueOf(entry.fields, key);
    if (!key || !id) continue;
    const sex =
      (person.fields.sex ? parseSex(valueOf(entry.fields, person.fields.sex)) : null) ?? ROLE_SEX[person.id];
    const birthYear = dateOf(entry.fields, person.fields.birth)?.year ?? null;
    for (const w of checkPersonalId(id, { sex: sex ?? null, birthYear })) {
      if (w.code !== 'empty') out.push(finding(CODES[w.code], sentence(w.message), [key]));
    }
    const expected = entry.type === 'KS' && person.id === 'child' ? expectedIdProvince(ctx) : null;
    const decoded = decodePersonalId(id);
    if (expected && decoded && decoded.province in ID_PROVINCE_CODES && decoded.province !== expected) {
      out.push(
        finding(
          'id.province_mismatch',
          `Mã tỉnh ${decoded.province} (${ID_PROVINCE_CODES[decoded.province]}) khác tỉnh nơi đăng ký khai sinh (${ctx.commune?.province}, mã ${expected}).`,
          [key],
        ),
      );
    }
  }
  return out;
}
