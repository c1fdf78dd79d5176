/** Kysely table types of the migrations in server/migrations/ (kept in step with them by hand). */
import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as a Date, written as a Date. */
type Timestamp = ColumnType<Date, Date, Date>;

export type UnitListName = 'pre2025' | '2025';
export type Role = 'province_admin' | 'commune';
export type AccessResult = 'ok' | 'denied' | 'failed' | 'limited';

export interface CommunesTable {
  list: UnitListName;
  code: string;
  name: string;
  district: string;
  province: string;
}

export interface AccountsTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: Role;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface AccountCommunesTable {
  account_id: number;
  list: UnitListName;
  code: string;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface DevicesTable {
  id: Generated<number>;
  label: string;
  token_hash: string;
  enrolled_by: number;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_seen_at: Timestamp | null;
}

export interface DeviceCommunesTable {
  device_id: number;
  list: UnitListName;
  code: string;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  username: string;
  ip: string;
  at: Timestamp;
}

export interface AccessLogTable {
  id: Generated<string>;
  at: Timestamp;
  account_id: number | null;
  username: string | null;
  device_id: number | null;
  ip: string;
  method: string;
  route: string;
  action: string;
  commune_list: UnitListName | null;
  commune_code: string | null;
  status: number;
  result: AccessResult;
  /** The read-API key of the request (migration 004). */
  api_key_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type UploadStatus = 'receiving' | 'received' | 'refused';

export interface UploadsTable {
  id: string;
  device_id: number;
  list: UnitListName;
  code: string;
  book_id: string;
  file_name: string;
  /** bigint: read as a string (pg) or a number (PGlite), written as a number. */
  size: ColumnType<string | number | bigint, number, number>;
  created_at: Timestamp;
  finished_at: Timestamp | null;
  sha256: string | null;
  status: UploadStatus;
  receipt: ColumnType<unknown, string | null, string | null>;
}

/** A jsonb column: read as parsed JSON, written as a JSON string. */
type Json = ColumnType<unknown, string, string>;
/** A bigint column: read as a string (pg) or a number (PGlite). */
type BigIntColumn = ColumnType<string | number | bigint, number | undefined, number>;

export interface BooksTable {
  id: string;
  list: UnitListName;
  code: string;
  type: string;
  year: number;
  book_number: string;
  record: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_upload_id: string | null;
  last_upload_at: Timestamp | null;
}

export interface PagesTable {
  id: string;
  book_id: string;
  ord: number;
  mark: string;
  record: Json;
  image_sha256: string;
  thumb_sha256: string | null;
}

export interface PageOcrTable {
  page_id: string;
  book_id: string;
  record: Json;
}

export interface EntriesTable {
  id: string;
  book_id: string;
  list: UnitListName;
  code: string;
  type: string;
  year: number;
  state: string;
  ord: number;
  record: Json;
  revision: number;
  keyed_at: Timestamp | null;
  updated_at: Timestamp;
  change_seq: BigIntColumn;
}

export interface EntryDeletionsTable {
  id: string;
  book_id: string;
  list: UnitListName;
  code: string;
  type: string;
  year: number;
  deleted_at: Timestamp;
  change_seq: BigIntColumn;
}

export interface AuditEventsTable {
  book_id: string;
  machine_id: string;
  seq: number;
  hash: string;
  at: Timestamp;
  action: string;
  user_id: string | null;
  record: Json;
}

export interface ConflictsTable {
  book_id: string;
  entry_id: string;
  field: string;
  local: ColumnType<unknown, string | null, string | null>;
  incoming: ColumnType<unknown, string | null, string | null>;
  from_machine_id: string;
  upload_id: string | null;
  at: Timestamp;
}

export interface MergesTable {
  upload_id: string;
  book_id: string;
  package_sha256: string;
  merged_at: Timestamp;
  changed: boolean;
  result: Json;
}

export interface InventoryTable {
  id: string;
  list: UnitListName;
  code: string;
  type: string;
  year_from: number;
  year_to: number;
  book_number: string;
  entries: number;
  pages: number;
  record: Json;
  updated_at: Timestamp;
}

export interface ProvinceSettingsTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  label: string;
  token_hash: string;
  hint: string;
  created_by: number;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface ApiKeyCommunesTable {
  api_key_id: number;
  list: UnitListName;
  code: string;
}

/** Rollups of migration 005 (kept by triggers; read by the province screens). */
export interface ReportBookStatesTable {
  book_id: string;
  state: string;
  n: number;
}

export interface ReportCommuneKeyedDaysTable {
  list: UnitListName;
  code: string;
  /** A date column: read as a Date (pg) or a string (PGlite); written as yyyy-mm-dd. */
  day: ColumnType<Date | string, string, string>;
  n: number;
}

export interface ReportBookPagesTable {
  book_id: string;
  mark: string;
  n: number;
}

export interface ReportCommuneMonthsTable {
  list: UnitListName;
  code: string;
  stage: string;
  month: ColumnType<Date | string, string, string>;
  in_month: number;
  first: number;
}

export interface ReportCommuneTotalsTable {
  list: UnitListName;
  code: string;
  stage: string;
  first: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

export interface Database {
  communes: CommunesTable;
  accounts: AccountsTable;
  account_communes: AccountCommunesTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  device_communes: DeviceCommunesTable;
  login_failures: LoginFailuresTable;
  access_log: AccessLogTable;
  uploads: UploadsTable;
  books: BooksTable;
  pages: PagesTable;
  page_ocr: PageOcrTable;
  entries: EntriesTable;
  entry_deletions: EntryDeletionsTable;
  audit_events: AuditEventsTable;
  conflicts: ConflictsTable;
  merges: MergesTable;
  inventory: InventoryTable;
  province_settings: ProvinceSettingsTable;
  api_keys: ApiKeysTable;
  api_key_communes: ApiKeyCommunesTable;
  report_book_states: ReportBookStatesTable;
  report_commune_keyed_days: ReportCommuneKeyedDaysTable;
  report_book_pages: ReportBookPagesTable;
  report_commune_months: ReportCommuneMonthsTable;
  report_commune_totals: ReportCommuneTotalsTable;
  schema_migrations: SchemaMigrationsTable;
}
