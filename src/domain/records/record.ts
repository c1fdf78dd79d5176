/**
 * Record schema versions (tldraw `migrate.ts` spirit). Every stored record carries `schema`, the version of its
 * shape; a record from an older version (an old database, a package from an older installation) is brought up
 * to date by its type's migrations, in order, before it is normalised. A migration is pure: old record in, new
 * record out. Never edit a released migration; append the next one.
 */
import { loose, num, type Loose } from './normalize';

export interface RecordMigration {
  /** The schema version this migration produces (from version − 1). */
  version: number;
  description: string;
  up(record: Loose): Loose;
}

/** Schema version of a record as stored (records written before versions existed are version 1). */
export const recordSchema = (raw: unknown): number => num(loose(raw)['schema'], 1);

/**
 * Applies the migrations above the record's version, in order; returns a new object (the input is not changed).
 * A record from a newer version than the migrations know is returned as it is (unknown fields are kept).
 */
export function migrateRecord(raw: unknown, migrations: readonly RecordMigration[]): Loose {
  let r: Loose = { ...loose(raw) };
  const from = recordSchema(r);
  for (const m of migrations) {
    if (m.version > from) r = { ...m.up(r), schema: m.version };
  }
  return r;
}

/** Throws unless migrations are numbered 2, 3, 4, … (version 1 is the first shape; it needs none). */
export function checkRecordMigrations(migrations: readonly RecordMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 2)
      throw new Error(`record migration ${i} has version ${m.version}, expected ${i + 2}`);
  });
}
