import { isPlausibleDate } from '../domain/fields/date';
import type { ValueKind } from '../domain/registers/types';

/** Does the value look like its kind? */
export function fitsKind(kind: ValueKind, v: string): boolean {
  switch (kind) {
    case 'number':
      return /^\d{1,5}$/.test(v);
    case 'id_number':
      return /^\d{12}$|^\d{9}$/.test(v);
    case 'date':
      return isPlausibleDate(v);
    case 'year_or_date':
      return isPlausibleDate(v, ['full', 'year']);
    case 'time':
      return /^\d{1,2} giờ( \d{2} phút)?$/.test(v) && Number(v.split(' ')[0]) < 24;
    case 'sex':
      return v === 'Nam' || v === 'Nữ';
    default:
      return true;
  }
}
