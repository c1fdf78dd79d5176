/** Sex as printed in registers ("Nam" / "Nữ") and its template code (1 Nam, 2 Nữ, 3 không xác định). */
import { foldKey } from '../text/normalize';

export type Sex = 'Nam' | 'Nữ';

const MALE = new Set(['nam', 'trai', 'male', 'm']);
const FEMALE = new Set(['nu', 'gai', 'female', 'f']);

/** Read a sex value tolerant to case, missing diacritics and a few synonyms; null when not recognised. */
export function parseSex(s: string): Sex | null {
  const k = foldKey(s);
  if (MALE.has(k)) return 'Nam';
  if (FEMALE.has(k)) return 'Nữ';
  return null;
}

/** Template code of the `*GioiTinh` columns: '1' Nam, '2' Nữ, '3' not determined (unrecognised text). */
export function sexCode(s: string): '1' | '2' | '3' {
  const sex = parseSex(s);
  return sex === 'Nam' ? '1' : sex === 'Nữ' ? '2' : '3';
}
