-- The provincial copy ("01 bản") of every digitised book (issue 11 items 2, 5, 6): what the merges of received work
-- packages hold. Records are kept whole as jsonb (`record`: the workstation's Book / Page / Entry / OcrResult /
-- AuditEvent, verbatim, NFC text as sent); the columns beside them are copies for indexes, dashboards and the read
-- API. Page images and thumbnails live in the blob store under their SHA-256.

CREATE TABLE books (
  id text PRIMARY KEY,
  list text NOT NULL,
  code text NOT NULL,
  type text NOT NULL CHECK (type IN ('KS', 'KT', 'KH', 'CMC', 'HN')),
  year integer NOT NULL,
  book_number text NOT NULL,
  record jsonb NOT NULL,
  -- first merged here / last merge that changed anything
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_upload_id text REFERENCES uploads (id),
  last_upload_at timestamptz,
  FOREIGN KEY (list, code) REFERENCES communes (list, code)
);

CREATE INDEX books_by_commune ON books (list, code, type, year);

CREATE TABLE pages (
  id text PRIMARY KEY,
  book_id text NOT NULL REFERENCES books (id),
  ord integer NOT NULL,
  -- the page mark ('none' | 'blank' | 'crossed' …), copied from record.mark
  mark text NOT NULL,
  record jsonb NOT NULL,
  image_sha256 text NOT NULL CHECK (image_sha256 ~ '^[0-9a-f]{64}$'),
  thumb_sha256 text CHECK (thumb_sha256 ~ '^[0-9a-f]{64}$')
);

CREATE INDEX pages_by_book ON pages (book_id, ord);

CREATE TABLE page_ocr (
  page_id text PRIMARY KEY REFERENCES pages (id),
  book_id text NOT NULL REFERENCES books (id),
  record jsonb NOT NULL
);

-- Every change to an entry row (insert, update, delete) takes the next number: the read API's cursor.
CREATE SEQUENCE entry_change_seq;

CREATE TABLE entries (
  id text PRIMARY KEY,
  book_id text NOT NULL REFERENCES books (id),
  list text NOT NULL,
  code text NOT NULL,
  type text NOT NULL,
  year integer NOT NULL,
  state text NOT NULL,
  ord integer NOT NULL,
  record jsonb NOT NULL,
  revision integer NOT NULL,
  -- when the entry was first keyed (its first keying event), for the pace of the progress report
  keyed_at timestamptz,
  updated_at timestamptz NOT NULL,
  change_seq bigint NOT NULL DEFAULT nextval('entry_change_seq')
);

CREATE INDEX entries_by_book ON entries (book_id, ord);
CREATE INDEX entries_by_commune ON entries (list, code, type, year, state);
CREATE INDEX entries_sync ON entries (list, code, change_seq);

-- Entries a merge removed (deleted on a workstation): the read API reports them so a mirror can drop them.
CREATE TABLE entry_deletions (
  id text PRIMARY KEY,
  book_id text NOT NULL REFERENCES books (id),
  list text NOT NULL,
  code text NOT NULL,
  type text NOT NULL,
  year integer NOT NULL,
  deleted_at timestamptz NOT NULL,
  change_seq bigint NOT NULL DEFAULT nextval('entry_change_seq')
);

CREATE INDEX entry_deletions_sync ON entry_deletions (list, code, change_seq);

CREATE TABLE audit_events (
  book_id text NOT NULL REFERENCES books (id),
  machine_id text NOT NULL,
  seq integer NOT NULL,
  hash text NOT NULL,
  at timestamptz NOT NULL,
  action text NOT NULL,
  user_id text,
  record jsonb NOT NULL,
  PRIMARY KEY (book_id, machine_id, seq)
);

CREATE INDEX audit_events_by_time ON audit_events (book_id, at);

-- Values changed on two machines since the package's base: listed, never overwritten; resolved on a workstation.
CREATE TABLE conflicts (
  book_id text NOT NULL REFERENCES books (id),
  entry_id text NOT NULL,
  field text NOT NULL,
  local jsonb,
  incoming jsonb,
  from_machine_id text NOT NULL,
  upload_id text REFERENCES uploads (id),
  at timestamptz NOT NULL,
  PRIMARY KEY (book_id, entry_id, field)
);

-- One row per upload merged, written in the merge's transaction: an upload is merged exactly once (a restart
-- after a crash merges the received uploads without a row here).
CREATE TABLE merges (
  upload_id text PRIMARY KEY REFERENCES uploads (id),
  book_id text NOT NULL REFERENCES books (id),
  package_sha256 text NOT NULL,
  merged_at timestamptz NOT NULL,
  changed boolean NOT NULL,
  result jsonb NOT NULL
);

CREATE INDEX merges_by_book ON merges (book_id, merged_at);

-- The inventory of paper books per commune and the campaign deadline, held by the province (issue 11 item 5):
-- the same rows as the workstation's inventory (src/domain/reports/inventory.ts InventoryRow, `record`).
CREATE TABLE inventory (
  id text PRIMARY KEY,
  list text NOT NULL,
  code text NOT NULL,
  type text NOT NULL,
  year_from integer NOT NULL,
  year_to integer NOT NULL,
  book_number text NOT NULL,
  entries integer NOT NULL,
  pages integer NOT NULL,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (list, code) REFERENCES communes (list, code)
);

CREATE INDEX inventory_by_commune ON inventory (list, code);

CREATE TABLE province_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
