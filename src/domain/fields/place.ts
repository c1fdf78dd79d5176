/** Addresses and place names: comma parts and administrative unit prefixes. */
import { collapseSpaces, foldKey, nfc } from '../text/normalize';

export type UnitType =
  | 'tổ dân phố'
  | 'tổ'
  | 'thôn'
  | 'xóm'
  | 'ấp'
  | 'bản'
  | 'buôn'
  | 'khu phố'
  | 'khu vực'
  | 'khu'
  | 'xã'
  | 'phường'
  | 'thị trấn'
  | 'huyện'
  | 'quận'
  | 'thị xã'
  | 'thành phố'
  | 'tỉnh';

export type UnitLevel = 'village' | 'commune' | 'district' | 'province';

// prettier-ignore
export const UNIT_LEVEL: Readonly<Record<UnitType, UnitLevel>> = {
  'tổ dân phố': 'village', tổ: 'village', thôn: 'village', xóm: 'village', ấp: 'village', bản: 'village',
  buôn: 'village', 'khu phố': 'village', 'khu vực': 'village', khu: 'village',
  xã: 'commune', phường: 'commune', 'thị trấn': 'commune',
  huyện: 'district', quận: 'district', 'thị xã': 'district',
  'thành phố': 'district', // a provincial city; centrally-run cities also appear as provinces
  tỉnh: 'province',
};

/** Prefixes (folded) → unit, longest first so "thị trấn" wins over "thị", "khu vực" over "khu". */
const PREFIXES: [string, UnitType][] = (
  [
    ...Object.keys(UNIT_LEVEL).map((u) => [foldKey(u), u] as [string, UnitType]),
    ['tp', 'thành phố'],
    ['tx', 'thị xã'],
    ['tt', 'thị trấn'],
    ['tdp', 'tổ dân phố'],
    ['kv', 'khu vực'],
    ['p', 'phường'],
    ['q', 'quận'],
    ['h', 'huyện'],
  ] as [string, UnitType][]
).sort((a, b) => b[0].length - a[0].length);

export interface PlacePart {
  /** The part as written (trimmed). */
  text: string;
  /** Recognised unit type, when the part starts with a unit word. */
  unit?: UnitType;
  level?: UnitLevel;
  /** The name after the unit word ("phường Phường Đúc" → "Phường Đúc"); the whole text otherwise. */
  name: string;
}

/** Classify one comma part of an address. */
export function parsePlacePart(part: string): PlacePart {
  const text = collapseSpaces(nfc(part));
  const words = text.split(' ');
  for (const [prefix, unit] of PREFIXES) {
    const n = prefix.split(' ').length;
    const head = words.slice(0, n).join(' ');
    if (foldKey(head) !== prefix) continue;
    // Abbreviations ("TP.", "TX", "P.") count only when written with a dot or in capitals.
    const abbrev = !(foldKey(unit) === prefix);
    if (abbrev && !head.endsWith('.') && head !== head.toUpperCase()) continue;
    const name = words.slice(n).join(' ');
    if (name === '') continue;
    return { text, unit, level: UNIT_LEVEL[unit], name };
  }
  return { text, name: text };
}

/** Split an address into its comma-separated parts and classify each. */
export function splitPlace(s: string): PlacePart[] {
  return nfc(s)
    .split(/[,;]/u)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(parsePlacePart);
}

/** The part of a given level (the last one found, e.g. the province of "…, tỉnh Thừa Thiên Huế"). */
export function placeUnit(s: string, level: UnitLevel): PlacePart | null {
  const parts = splitPlace(s).filter((p) => p.level === level);
  return parts[parts.length - 1] ?? null;
}
