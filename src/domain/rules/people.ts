/**
 * Age rules: marriage age by the law in force in the registration year, and the parents' age at the child's
 * birth. Ages come from dates that may be partial, so each is a range of full years [min, max]; a rule warns
 * only when the whole range breaks it and reports a range that straddles the limit as doubtful (info).
 */
import { daysInMonth, type DateParts } from '../fields/date';
import { REGISTERS } from '../registers';
import type { PersonGroup } from '../registers/types';
import { finding } from './catalogue';
import type { EntryInput, Finding } from './types';
import { dateOf } from './values';

interface Day {
  y: number;
  m: number;
  d: number;
}

/** Earliest and latest calendar day a (possibly partial or impossible) date can mean; null without a year. */
function span(p: DateParts): [Day, Day] | null {
  if (p.year === undefined) return null;
  const y = p.year;
  const m0 = p.month !== undefined && p.month >= 1 && p.month <= 12 ? p.month : undefined;
  const first: Day = { y, m: m0 ?? 1, d: 1 };
  const last: Day = { y, m: m0 ?? 12, d: 31 };
  if (p.day !== undefined && m0 !== undefined) {
    // An impossible day (30/02) counts as the month's last day.
    first.d = last.d = Math.min(Math.max(p.day, 1), daysInMonth(m0, y));
  } else {
    last.d = daysInMonth(last.m, y);
  }
  return [first, last];
}

function fullYears(born: Day, at: Day): number {
  return at.y - born.y - (at.m < born.m || (at.m === born.m && at.d < born.d) ? 1 : 0);
}

/** Age in full years on `at` of someone born on `born`, as [min, max] over what the partial dates allow. */
export function ageRange(born: DateParts, at: DateParts): [number, number] | null {
  const b = span(born);
  const a = span(at);
  if (!b || !a) return null;
  return [fullYears(b[1], a[0]), fullYears(b[0], a[1])];
}

const ageText = ([lo, hi]: [number, number]): string => (lo === hi ? `${lo}` : `${lo}–${hi}`);

/**
 * Marriage age by registration year. `firm`: under this full age the law is broken on any reading (warning);
 * `full`: under this full age the marriage is doubtful (info) — the 1959, 1986 and 2000 laws say "từ 20 tuổi
 * trở lên" / "từ 18 tuổi trở lên", which NQ 02/2000/NQ-HĐTP (on the 2000 law) reads as having entered the
 * 20th / 18th year (19 / 17 full years); the 2014 law says "từ đủ 20 tuổi" / "từ đủ 18 tuổi" (full years).
 * Before 1960 no rule: registers of that time followed regional codes not encoded here.
 *
 * Sources (domain/registers.md does not state marriage ages; these are from the laws themselves):
 * - Luật Hôn nhân và gia đình 1959 (Luật số 13/SL, promulgated 13/01/1960), Điều 6: "Con trai từ 20 tuổi trở lên,
 *   con gái từ 18 tuổi trở lên mới được kết hôn." In force in the North; extended to the South by Nghị quyết
 *   76/CP (25/3/1977). Until then the South followed its own family law (Luật Gia đình 1959, Sắc luật 15/64:
 *   male 18, female 15 [from memory]), hence the lower firm limit for 1960–1976.
 * - Luật Hôn nhân và gia đình 1986 (effective 03/01/1987), Điều 5: "Nam từ hai mươi tuổi trở lên, nữ từ mười tám
 *   tuổi trở lên mới được kết hôn."
 * - Luật Hôn nhân và gia đình 2000 (effective 01/01/2001), Điều 9.1: "Nam từ hai mươi tuổi trở lên, nữ từ mười tám
 *   tuổi trở lên"; NQ 02/2000/NQ-HĐTP: "nam đã bước sang tuổi hai mươi, nữ đã bước sang tuổi mười tám".
 * - Luật Hôn nhân và gia đình 2014 (52/2014/QH13, effective 01/01/2015), Điều 8.1.a: "Nam từ đủ 20 tuổi trở lên,
 *   nữ từ đủ 18 tuổi trở lên".
 */
// prettier-ignore
export const MARRIAGE_AGE_LAWS: readonly {
  from: number; name: string; firm: { male: number; female: number }; full: { male: number; female: number };
}[] = [
  { from: 2015, name: 'Luật Hôn nhân và gia đình 2014', firm: { male: 20, female: 18 }, full: { male: 20, female: 18 } },
  { from: 2001, name: 'Luật Hôn nhân và gia đình 2000', firm: { male: 19, female: 17 }, full: { male: 20, female: 18 } },
  { from: 1987, name: 'Luật Hôn nhân và gia đình 1986', firm: { male: 19, female: 17 }, full: { male: 20, female: 18 } },
  { from: 1977, name: 'Luật Hôn nhân và gia đình 1959', firm: { male: 19, female: 17 }, full: { male: 20, female: 18 } },
  { from: 1960, name: 'Luật Hôn nhân và gia đình 1959', firm: { male: 18, female: 15 }, full: { male: 20, female: 18 } },
];

/** The marriage-age law of a registration year, or null before 1960. */
export function marriageLawOf(year: number): (typeof MARRIAGE_AGE_LAWS)[number] | null {
  return MARRIAGE_AGE_LAWS.find((l) => year >= l.from) ?? null;
}

function marriageFindings(entry: EntryInput): Finding[] {
  const registered = dateOf(entry.fields, 'ngayDangKy');
  const law = registered?.year !== undefined ? marriageLawOf(registered.year) : null;
  if (!registered || !law) return [];
  const out: Finding[] = [];
  for (const person of REGISTERS.KH.persons) {
    const sex = person.id === 'husband' ? 'male' : 'female';
    const key = person.fields.birth;
    const born = dateOf(entry.fields, key);
    const age = born ? ageRange(born, registered) : null;
    if (!key || !age || age[1] < 0) continue; // born after the registration: date.birth_after_registration
    const who = person.label;
    const limit = `${sex === 'male' ? 'nam' : 'nữ'} ${law.full[sex]} tuổi`;
    if (age[1] < law.firm[sex]) {
      out.push(
        finding(
          'marriage.underage',
          `${who} ${ageText(age)} tuổi khi đăng ký kết hôn: chưa đủ tuổi kết hôn theo ${law.name} (${limit}).`,
          [key, 'ngayDangKy'],
        ),
      );
    } else if (age[0] < law.full[sex]) {
      out.push(
        finding(
          'marriage.age_doubtful',
          `${who} ${ageText(age)} tuổi khi đăng ký kết hôn: chưa chắc đủ tuổi kết hôn theo ${law.name} (${limit}).`,
          [key, 'ngayDangKy'],
        ),
      );
    }
  }
  return out;
}

/** A parent younger than this at the child's birth, or older than PARENT_AGE_MAX, is worth a look. */
export const PARENT_AGE_MIN = 12;
export const PARENT_AGE_MAX = 70;

function parentFindings(entry: EntryInput, parents: readonly PersonGroup[], child: PersonGroup): Finding[] {
  const out: Finding[] = [];
  const childKey = child.fields.birth;
  const childBorn = dateOf(entry.fields, childKey);
  if (!childBorn || !childKey) return out;
  for (const parent of parents) {
    const key = parent.fields.birth;
    const born = dateOf(entry.fields, key);
    const age = born ? ageRange(born, childBorn) : null;
    if (!key || !born || !age) continue;
    const who = parent.label.toLocaleLowerCase('vi');
    let message: string | null = null;
    if (age[1] < 0) message = `Năm sinh của ${who} (${born.year}) sau ngày sinh của con.`;
    else if (age[1] < PARENT_AGE_MIN) {
      message = `Tuổi của ${who} khi sinh con: ${ageText(age)} — dưới ${PARENT_AGE_MIN} tuổi, nên xem lại.`;
    } else if (age[0] > PARENT_AGE_MAX) {
      message = `Tuổi của ${who} khi sinh con: ${ageText(age)} — trên ${PARENT_AGE_MAX} tuổi, nên xem lại.`;
    }
    if (message) out.push(finding('parent.age', message, [key, childKey]));
  }
  return out;
}

/** Age rules of an entry: marriage age (KH), parents' age at the child's birth (KS, CMC). */
export function ageFindings(entry: EntryInput): Finding[] {
  if (entry.type === 'KH') return marriageFindings(entry);
  const persons = REGISTERS[entry.type].persons;
  const child = persons.find((p) => p.id === 'child');
  const parents = persons.filter((p) => p.id === 'mother' || p.id === 'father' || p.id === 'parent');
  return child && parents.length ? parentFindings(entry, parents, child) : [];
}
