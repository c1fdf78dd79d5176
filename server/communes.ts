/**
 * Communes the server knows: each one an account or a device is tied to, copied from the administrative units
 * of src/domain/admin (name, district, province) the first time it is named, keyed like a book's CommuneRef.
 */
import type { Kysely } from 'kysely';
import { communeByCode } from '../src/domain/admin';
import type { Database, UnitListName } from './db/schema';
import { HttpError } from './http-error';

export interface CommuneKey {
  list: UnitListName;
  code: string;
}

export interface CommuneInfo extends CommuneKey {
  name: string;
  district: string;
  province: string;
}

/** A commune written as `list:code` ("pre2025:00004", the tus metadata of an upload), or null. */
export function parseCommuneKey(s: string): CommuneKey | null {
  const m = /^(pre2025|2025):([0-9]{5})$/u.exec(s);
  return m ? { list: m[1] as UnitListName, code: m[2] ?? '' } : null;
}

export const sameCommune = (a: CommuneKey, b: CommuneKey): boolean => a.list === b.list && a.code === b.code;

/** The communes named (duplicates dropped), stored in the communes table; 400 for a code not in its list. */
export async function ensureCommunes(
  db: Kysely<Database>,
  keys: readonly CommuneKey[],
): Promise<CommuneInfo[]> {
  const infos: CommuneInfo[] = [];
  for (const key of keys) {
    if (infos.some((c) => sameCommune(c, key))) continue;
    const ref = communeByCode(key.list, key.code);
    if (!ref) {
      throw new HttpError(400, 'unknown_commune', `Không có mã xã ${key.code} trong danh mục ${key.list}.`);
    }
    infos.push({
      list: key.list,
      code: key.code,
      name: ref.name,
      district: ref.district,
      province: ref.province,
    });
  }
  if (infos.length > 0) {
    await db
      .insertInto('communes')
      .values(infos)
      .onConflict((oc) => oc.columns(['list', 'code']).doNothing())
      .execute();
  }
  return infos;
}
