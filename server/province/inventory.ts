/**
 * The province's inventory of paper books and the campaign deadline (issue 11 item 5): rows checked and read with
 * the workstation's own pure code (src/domain/reports/inventory.ts: `checkInventoryInput`, `readInventorySheet`,
 * the same spreadsheet format the workstation imports and exports), stored in the `inventory` table (`record` =
 * the InventoryRow, columns copied beside it). A row's commune list is the first unit list of its year that has
 * the code (pre-2025 units up to 2024, then the 2025 units). An import is all or nothing; a book listed again
 * replaces its row.
 */
import type { Kysely } from 'kysely';
import { communeByCode, unitListsForYear, UNIT_LISTS } from '../../src/domain/admin';
import {
  checkInventoryInput,
  parseDeadline,
  readInventorySheet,
  type InventoryInput,
  type InventoryRow,
} from '../../src/domain/reports';
import { readFirstSheet, SheetReadError } from '../../src/exchange/xlsx';
import { ensureCommunes, type CommuneKey } from '../communes';
import type { Database, UnitListName } from '../db/schema';
import { HttpError } from '../http-error';
import { CAMPAIGN_SETTING } from './progress';
import { inScope, type Scope } from './scope';

export interface StoredInventoryRow extends InventoryRow {
  /** `list:` + the row's own id (a code alone names different units in the two lists). */
  key: string;
  list: UnitListName;
}

const invalid = (message: string): HttpError => new HttpError(400, 'invalid_inventory', message);

/** The unit list of a row's commune code, or null when neither list has it. */
export function listOfRow(row: Pick<InventoryRow, 'communeCode' | 'yearFrom'>): UnitListName | null {
  const preferred = unitListsForYear(row.yearFrom);
  for (const list of [...preferred, ...UNIT_LISTS.filter((l) => !preferred.includes(l))])
    if (communeByCode(list, row.communeCode)) return list;
  return null;
}

async function store(db: Kysely<Database>, rows: readonly InventoryRow[], now: Date): Promise<number> {
  const keyed: { row: InventoryRow; list: UnitListName }[] = [];
  for (const [i, row] of rows.entries()) {
    const list = listOfRow(row);
    if (!list) {
      const where = rows.length > 1 ? `Dòng sổ thứ ${i + 1}: ` : '';
      throw invalid(`${where}Không có mã xã ${row.communeCode} trong danh mục đơn vị hành chính.`);
    }
    keyed.push({ row, list });
  }
  return db.transaction().execute(async (trx) => {
    const communes: CommuneKey[] = keyed.map(({ row, list }) => ({ list, code: row.communeCode }));
    await ensureCommunes(trx, communes);
    for (const { row, list } of keyed) {
      const values = {
        id: `${list}:${row.id}`,
        list,
        code: row.communeCode,
        type: row.type,
        year_from: row.yearFrom,
        year_to: row.yearTo,
        book_number: row.bookNumber,
        entries: row.entries,
        pages: row.pages,
        record: JSON.stringify(row),
        updated_at: now,
      };
      await trx
        .insertInto('inventory')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            year_to: values.year_to,
            book_number: values.book_number,
            entries: values.entries,
            pages: values.pages,
            record: values.record,
            updated_at: now,
          }),
        )
        .execute();
    }
    return keyed.length;
  });
}

/** Adds (or replaces) one typed row; 400 with the first problem in Vietnamese. */
export async function saveInventoryRow(
  db: Kysely<Database>,
  input: Partial<InventoryInput>,
  now: Date,
): Promise<StoredInventoryRow> {
  const checked = checkInventoryInput(input, now);
  if (checked.error !== null) throw invalid(checked.error);
  await store(db, [checked.row], now);
  const list = listOfRow(checked.row)!;
  return { ...checked.row, key: `${list}:${checked.row.id}`, list };
}

/** Largest spreadsheet accepted (bytes). */
export const MAX_SHEET_BYTES = 5 * 1024 * 1024;

/** Imports an `.xlsx` (all rows or none); the number of rows stored. */
export async function importInventorySheet(
  db: Kysely<Database>,
  bytes: Uint8Array,
  now: Date,
): Promise<number> {
  if (bytes.byteLength > MAX_SHEET_BYTES) throw invalid('Bảng tính lớn quá 5 MB.');
  let cells;
  try {
    cells = await readFirstSheet(bytes);
  } catch (e) {
    if (e instanceof SheetReadError) throw invalid(e.message);
    throw e;
  }
  const read = readInventorySheet(cells, now);
  if (read.error !== null) throw invalid(read.error);
  return store(db, read.rows, now);
}

export async function listInventory(db: Kysely<Database>, scope: Scope): Promise<StoredInventoryRow[]> {
  const rows = await db
    .selectFrom('inventory as i')
    .where(inScope(scope, 'i'))
    .select(['i.id', 'i.list', 'i.record'])
    .orderBy('i.code')
    .orderBy('i.type')
    .orderBy('i.year_from')
    .orderBy('i.book_number')
    .execute();
  return rows.map((r) => ({ ...(r.record as InventoryRow), key: r.id, list: r.list }));
}

export async function removeInventoryRow(db: Kysely<Database>, key: string): Promise<boolean> {
  const result = await db.deleteFrom('inventory').where('id', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Sets (or clears, with '') the campaign deadline; 400 for a day that does not exist. */
export async function saveDeadline(db: Kysely<Database>, raw: string, now: Date): Promise<string | null> {
  const deadline = raw.trim() ? parseDeadline(raw) : null;
  if (raw.trim() && !deadline) throw invalid(`Hạn hoàn thành không phải một ngày có thật (“${raw}”).`);
  const value = JSON.stringify({ deadline });
  await db
    .insertInto('province_settings')
    .values({ key: CAMPAIGN_SETTING, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
  return deadline;
}
