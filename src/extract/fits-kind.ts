import { isPlausibleDate } from '../domain/fields/date';
import { ETHNICITIES, ETHNICITY_EXTRAS } from '../domain/lexicons/ethnicities';
import type { LexiconEntry } from '../domain/lexicons/lexicon';
import { NATIONALITIES } from '../domain/lexicons/nationalities';
import { RELATIONS } from '../domain/lexicons/relations';
import type { ValueKind } from '../domain/registers/types';

const members = (entries: readonly LexiconEntry[]): ReadonlySet<string> =>
  new Set(entries.flatMap((e) => [e.canonical, ...e.variants]).map((v) => v.normalize('NFC').toLowerCase()));
let closed: Partial<Record<ValueKind, ReadonlySet<string>>> | null = null;

/** Is a closed-list value one of its list's names (or their known variants)? */
function inList(kind: 'ethnicity' | 'nationality' | 'relation', v: string): boolean {
  closed ??= {
    ethnicity: members([...ETHNICITIES, ...ETHNICITY_EXTRAS]),
    nationality: members(NATIONALITIES),
    relation: members(RELATIONS),
  };
  return closed[kind]?.has(v.normalize('NFC').toLowerCase()) ?? false;
}

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
    // A register may write a name outside the list (kept verbatim), but it is not one to show as sure.
    case 'ethnicity':
    case 'nationality':
    case 'relation':
      return inList(kind, v);
    default:
      return true;
  }
}
