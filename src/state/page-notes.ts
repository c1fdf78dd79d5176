/** Pure helper: what a page says to the operator about its register (thumbnail and keying screen). */
import type { Page } from '../domain/records/page';
import { REGISTERS } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';

/**
 * The warning of a page whose OCR names another register than its book's, or null. Names both registers and the
 * words that showed it, and says what is left to the operator (no entry was pre-filled from it).
 */
export function otherRegisterWarning(
  page: Pick<Page, 'otherRegister'>,
  bookType: RegisterType | undefined,
): string | null {
  const other = page.otherRegister;
  if (!other || !bookType || other.type === bookType) return null;
  const theirs = REGISTERS[other.type].name;
  const mine = REGISTERS[bookType].name;
  const seen = other.evidence[0] ? ` (đọc được “${other.evidence[0]}”)` : '';
  return (
    `Trang này có vẻ thuộc ${theirs}${seen}, không phải ${mine.charAt(0).toLowerCase()}${mine.slice(1)} ` +
    'như sổ này. Chưa điền sẵn mục nào từ trang này: hãy nhập tay hoặc xoá trang.'
  );
}
