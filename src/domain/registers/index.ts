/** The register catalogue: definitions by type, title detection and label lookup. */
import { substringDistance } from '../text/distance';
import { foldKey } from '../text/normalize';
import { CMC } from './cmc';
import { personFieldKeys } from './common';
import { HN } from './hn';
import { KH } from './kh';
import { KS } from './ks';
import { KT } from './kt';
import type { FieldDef, PersonGroup, RegisterDef, RegisterType } from './types';

export type {
  FieldDef,
  PersonFields,
  PersonGroup,
  PersonId,
  RegisterDef,
  RegisterType,
  ValueKind,
} from './types';
export { KS, KT, KH, CMC, HN, personFieldKeys };

export const REGISTERS: Readonly<Record<RegisterType, RegisterDef>> = { KS, KT, KH, CMC, HN };

export const REGISTER_TYPES: readonly RegisterType[] = ['KS', 'KT', 'KH', 'CMC', 'HN'];

export function isRegisterType(s: string): s is RegisterType {
  return (REGISTER_TYPES as readonly string[]).includes(s);
}

export function registerByType(type: RegisterType): RegisterDef {
  return REGISTERS[type];
}

/** The field of a register with this key, or undefined. */
export function fieldByKey(type: RegisterType, key: string): FieldDef | undefined {
  return REGISTERS[type].fields.find((fd) => fd.key === key);
}

/**
 * The person a field describes (the child for nksSoDinhDanh). Person field keys carry their register's
 * prefix (nks, nkt, chong, nxn …), so one key names one person in every register; only the requester's
 * keys (nyc…) recur, and they name the requester everywhere.
 */
export function personOfField(key: string): PersonGroup | undefined {
  for (const t of REGISTER_TYPES) {
    const p = REGISTERS[t].persons.find((g) => personFieldKeys(g).includes(key));
    if (p) return p;
  }
  return undefined;
}

/** Short distinctive phrases, matched when the full title is cut or damaged. */
const KEY_PHRASES: Record<RegisterType, string[]> = {
  KS: ['khai sinh'],
  KT: ['khai tu'],
  KH: ['ket hon'],
  CMC: ['nhan cha me con'],
  HN: ['tinh trang hon nhan'],
};

const PHRASES: [RegisterType, string][] = REGISTER_TYPES.flatMap((t) =>
  [...REGISTERS[t].titles.map(foldKey), ...KEY_PHRASES[t]].map((p) => [t, p] as [RegisterType, string]),
);

/**
 * Register type named by a page title ("SỔ ĐĂNG KÝ KHAI SINH"), tolerant to missing or wrong diacritics,
 * case and OCR noise: the best approximate match of a known title or key phrase inside the folded text,
 * accepted when its edit distance is at most a quarter of the phrase length. Null when nothing matches.
 */
export function detectRegisterType(titleText: string): RegisterType | null {
  const text = foldKey(titleText);
  if (text.length < 5) return null;
  let best: RegisterType | null = null;
  let bestScore = Infinity;
  for (const [type, phrase] of PHRASES) {
    const score = substringDistance(phrase, text) / phrase.length;
    if (score < bestScore) {
      bestScore = score;
      best = type;
    }
  }
  return bestScore <= 0.25 ? best : null;
}

/**
 * Fields of a register whose printed label matches `labelText` (folded comparison, trailing colon and
 * punctuation ignored), in printed order. Labels repeat across sections ("Dân tộc"); the caller picks by order.
 */
export function fieldsByLabel(type: RegisterType, labelText: string): FieldDef[] {
  const k = foldKey(labelText);
  if (!k) return [];
  return REGISTERS[type].fields.filter((fd) => fd.labels.some((l) => foldKey(l) === k));
}
