/**
 * Checks between fields of one entry, and against the page header, that repair OCR misreads when the
 * register itself gives the evidence:
 * - the registration date lies in the book's year (printed in the header, "Năm 2023"): a year one digit
 *   away from it is a misread digit;
 * - the book number carries the book's year ("01/2023"): a year one digit from the header's is misread;
 * - a death is registered after it happened: a death year later than the registration year and one digit
 *   away from it (or from the year before) is a misread; of two such years, the one putting the death
 *   closest before the registration date is taken;
 * - the 12-digit ID encodes the birth year: ID year digits one digit from a sure birth date are misread;
 * - a requester whose relation names another person of the entry ("Cha"/"Mẹ" on a birth) is that person:
 *   two readings of one name are merged word by word, keeping the more confident reading of each;
 * - sex unreadable: the 12-digit personal ID encodes it (century/sex digit, domain/fields/id-number.ts);
 *   used only when something is written there, with a low confidence and a warning.
 * Every repair lowers the confidence so the operator looks at it.
 */
import { compareDates, isPlausibleDate, isPlausibleYear, parseDate } from '../domain/fields/date';
import { decodePersonalId } from '../domain/fields/id-number';
import { parseSex } from '../domain/fields/sex';
import type { PersonGroup, RegisterDef } from '../domain/registers/types';
import type { FieldDraft } from './types';

/** Characters that differ between two strings of one length (Infinity for different lengths). */
export function digitDiff(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/** The last 4-digit year of the value ("30/01/2025", "01/2025", "01-TP/HT-2025-KS") one digit from an allowed one. */
function fixYear(f: FieldDraft | undefined, allowed: number[], why: string): void {
  const m = f ? /^(.*?)(\d{4})(\D*)$/.exec(f.value) : null;
  if (!f || !m) return;
  const year = m[2] ?? '';
  if (allowed.includes(Number(year))) return;
  const near = allowed.filter((y) => digitDiff(String(y), year) === 1);
  if (near.length !== 1) return;
  f.value = `${m[1]}${near[0]}${m[3]}`;
  f.confidence = Math.min(f.confidence, 0.6);
  f.warnings.push(why);
}

/**
 * A death is registered after it happened, usually within days: a death year later than the registration
 * year is a misread digit. Of the years one digit away, the one giving the latest date not after the
 * registration date is taken.
 */
function fixDeathYear(f: FieldDraft, registered: string, regYear: number): void {
  const m = /^(.*\/)(\d{4})$/.exec(f.value);
  const year = m?.[2];
  if (!m || !year || Number(year) <= regYear) return;
  const reg = parseDate(registered);
  const notAfter = (y: number): boolean => {
    const d = parseDate(`${m[1]}${y}`);
    return y < regYear || !reg.valid || !d.valid || compareDates(d, reg) <= 0;
  };
  const cands = [regYear, regYear - 1].filter((y) => digitDiff(String(y), year) === 1 && notAfter(y));
  const best = cands[0];
  if (best === undefined) return;
  f.value = `${m[1]}${best}`;
  f.confidence = Math.min(f.confidence, 0.6);
  f.warnings.push('Năm chết được đối chiếu với năm đăng ký.');
}

/** The register's people whose birth date and 12-digit personal ID are both printed. */
function personsWithBirthAndId(reg: RegisterDef): { birth: string; idNumber: string; p: PersonGroup }[] {
  return reg.persons.flatMap((p) => {
    const { birth, idNumber } = p.fields;
    return birth && idNumber ? [{ birth, idNumber, p }] : [];
  });
}

/**
 * The 12-digit personal ID encodes the birth year (digits 5–6, century in digit 4). When the birth date is
 * sure (confident, or confirmed by the date in words) and the ID's year digits are one digit from it, the
 * ID digit is the misread one.
 */
function idYearFromBirth(reg: RegisterDef, fields: Record<string, FieldDraft>): void {
  for (const { birth, idNumber, p } of personsWithBirthAndId(reg)) {
    // A year alone is not sure enough to correct an ID digit.
    if (reg.fields.find((fd) => fd.key === birth)?.kind !== 'date') continue;
    const date = fields[birth];
    const id = fields[idNumber];
    const decoded = id ? decodePersonalId(id.value) : null;
    if (!date || !id || !decoded) continue;
    const d = parseDate(date.value);
    const words = p.fields.birthWords ? fields[p.fields.birthWords] : undefined;
    const sure =
      date.confidence >= 0.8 || (words !== undefined && !words.warnings.length && words.confidence >= 0.6);
    if (!d.valid || d.year === undefined || !sure) continue;
    if (decoded.century !== Math.floor(d.year / 100) * 100) continue;
    const want = String(d.year % 100).padStart(2, '0');
    const got = decoded.yearDigits;
    if (got === want || digitDiff(got, want) !== 1) continue;
    id.value = `${id.value.slice(0, 4)}${want}${id.value.slice(6)}`;
    id.confidence = Math.min(id.confidence, 0.6);
    id.warnings.push('Năm sinh trong số định danh được đối chiếu với ngày sinh.');
  }
}

function yearOf(v: string | undefined): number | null {
  const m = v ? /(\d{4})$/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

function mergeNames(a: FieldDraft, b: FieldDraft): void {
  const wa = a.value.split(' ');
  const wb = b.value.split(' ');
  if (wa.length !== wb.length || a.value === b.value) return;
  const diff = wa.filter((w, i) => w !== wb[i]).length;
  if (diff > Math.max(1, Math.floor(wa.length / 2))) return;
  const better = a.confidence >= b.confidence ? a : b;
  const other = better === a ? b : a;
  other.value = better.value;
  other.confidence = Math.min(other.confidence, better.confidence) * 0.9;
  other.warnings.push('Đọc lại theo họ tên trùng trong cùng mục.');
}

export function crossCheck(
  reg: RegisterDef,
  fields: Record<string, FieldDraft>,
  pageYear: number | null,
): void {
  birthYearFromId(reg, fields);
  const reg_ = fields['ngayDangKy'];
  if (pageYear) fixYear(reg_, [pageYear], 'Năm đăng ký được đối chiếu với năm của sổ.');
  const regYear = yearOf(reg_?.value) ?? pageYear;
  if (pageYear) fixYear(fields['quyenSo'], [pageYear], 'Năm của quyển sổ được đối chiếu với năm của sổ.');
  if (regYear && fields['nktNgayChet']) fixDeathYear(fields['nktNgayChet'], reg_?.value ?? '', regYear);
  idYearFromBirth(reg, fields);
  requesterIsPerson(reg, fields);
  relationFromNames(reg, fields);
  sexFromId(reg, fields);
}

/** The requester's relation names another person of the entry ("Cha"): one name read twice is merged. */
function requesterIsPerson(reg: RegisterDef, fields: Record<string, FieldDraft>): void {
  const { requester, persons } = requesterAndNamed(reg, fields);
  if (!requester) return;
  const rel = requester.relation.value;
  const named = persons.find((p) => p.relationWord === rel)?.name;
  const nyc = requester.name;
  if (nyc && named && nyc.value && named.value) mergeNames(nyc, named);
}

/**
 * Sex unreadable where the form's sex line was found (its label read: the register has a value there):
 * the same person's 12-digit personal ID gives it, with a low confidence and a warning.
 */
function sexFromId(reg: RegisterDef, fields: Record<string, FieldDraft>): void {
  for (const p of reg.persons) {
    const f = p.fields.sex ? fields[p.fields.sex] : undefined;
    if (!f || parseSex(f.value) || !f.region) continue;
    const id = p.fields.idNumber ? fields[p.fields.idNumber]?.value : undefined;
    // The sex is the parity of the century digit in every century (domain/registers.md §4.1): it is taken
    // even when the century gives no plausible birth year (a shifted digit); the value stays low-confidence.
    const decoded = id ? decodePersonalId(id) : null;
    if (!decoded) continue;
    f.value = decoded.sex;
    f.confidence = 0.4;
    f.warnings.push('Giới tính đọc không rõ; suy ra từ số định danh cá nhân.');
  }
}

/**
 * Birth year unreadable in the date but the same person's 12-digit ID is read: its century/sex digit and
 * two year digits give the year (when that year is plausible).
 */
function birthYearFromId(reg: RegisterDef, fields: Record<string, FieldDraft>): void {
  for (const { birth, idNumber } of personsWithBirthAndId(reg)) {
    const f = fields[birth];
    const id = fields[idNumber]?.value;
    const decoded = id ? decodePersonalId(id) : null;
    if (!f || !decoded || !isPlausibleYear(decoded.birthYear)) continue;
    const m = /^(\d{2}\/\d{2}\/)(.*)$/.exec(f.value);
    if (!m || isPlausibleDate(m[2] ?? '', ['year'])) continue;
    f.value = `${m[1]}${decoded.birthYear}`;
    f.confidence = Math.min(f.confidence, 0.4);
    f.warnings.push('Năm sinh đọc không rõ; lấy theo số định danh cá nhân.');
  }
}

/** The book year printed in the page header ("UBND XÃ ... Năm 2023"). */
export function headerYear(headerText: string): number | null {
  for (const m of headerText.matchAll(/N[ăa]m\s*[:.]?\s*(\d{4})/giu)) {
    const year = Number(m[1]);
    if (isPlausibleYear(year)) return year;
  }
  return null;
}

function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) return digitDiff(a, b) === 1;
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  if (l.length - s.length !== 1) return false;
  for (let i = 0; i < l.length; i++) if (l.slice(0, i) + l.slice(i + 1) === s) return true;
  return false;
}

/**
 * Entries are numbered consecutively (a book's "Số" runs 1, 2, 3 …): on a page with several entries, an
 * entry number one digit away from its neighbour's number + 1 (or − 1) is a misread digit.
 */
export function checkEntryNumbers(entries: { fields: Record<string, FieldDraft> }[]): void {
  const so = entries.map((e) => e.fields['so']);
  const num = (f: FieldDraft | undefined) => (f && /^\d+$/.test(f.value) ? Number(f.value) : null);
  for (let i = 0; i + 1 < so.length; i++) {
    const a = so[i];
    const b = so[i + 1];
    const na = num(a);
    const nb = num(b);
    if (!a || !b || (na !== null && nb !== null && nb === na + 1)) continue;
    // Either the second is the first + 1 misread, or the first is the second − 1 misread.
    const fixB = na !== null && oneEditApart(b.value, String(na + 1)) ? String(na + 1) : null;
    const fixA = nb !== null && nb > 0 && oneEditApart(a.value, String(nb - 1)) ? String(nb - 1) : null;
    let target: FieldDraft | null = null;
    let value: string | null = null;
    if (fixB && (!fixA || b.confidence < a.confidence)) [target, value] = [b, fixB];
    else if (fixA && (!fixB || a.confidence < b.confidence)) [target, value] = [a, fixA];
    if (!target || !value) continue;
    target.value = value;
    target.confidence = Math.min(target.confidence, 0.6);
    target.warnings.push('Số thứ tự được đối chiếu với mục liền kề.');
  }
}

/** The requester's name and relation fields, and the other persons of the entry with their name fields. */
function requesterAndNamed(
  reg: RegisterDef,
  fields: Record<string, FieldDraft>,
): {
  requester: { name: FieldDraft | undefined; relation: FieldDraft } | null;
  persons: { relationWord: string; name: FieldDraft | undefined }[];
} {
  const req = reg.persons.find((p) => p.id === 'requester')?.fields;
  const relation = req?.relation ? fields[req.relation] : undefined;
  const requester = relation ? { name: req?.name ? fields[req.name] : undefined, relation } : null;
  const persons = reg.persons.flatMap((p) =>
    p.relationWord
      ? [{ relationWord: p.relationWord, name: p.fields.name ? fields[p.fields.name] : undefined }]
      : [],
  );
  return { requester, persons };
}

/**
 * Event registered by a person of the entry (a birth by a parent): when the relation is unreadable but the
 * requester's name is that person's name read on the same entry, the relation is that person's word.
 */
export function relationFromNames(reg: RegisterDef, fields: Record<string, FieldDraft>): void {
  const { requester, persons } = requesterAndNamed(reg, fields);
  const rel = requester?.relation;
  const nyc = requester?.name?.value;
  if (!rel || !rel.region || !nyc || persons.some((p) => p.relationWord === rel.value)) return;
  if (rel.value && rel.confidence >= 0.6) return;
  const value = persons.find((p) => p.name?.value === nyc)?.relationWord;
  if (!value) return;
  rel.value = value;
  rel.confidence = 0.4;
  rel.warnings.push('Quan hệ đọc không rõ; suy ra từ họ tên người đi đăng ký.');
}
