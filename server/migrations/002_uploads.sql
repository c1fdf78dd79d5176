-- Work packages received from workstations over tus (issue 11 item 2): one row per upload, created when the
-- workstation starts it, finished when its last byte arrived and the package was taken in. The bytes live in the
-- blob store under their SHA-256.

CREATE TABLE uploads (
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
  device_id integer NOT NULL REFERENCES devices (id),
  list text NOT NULL,
  code text NOT NULL,
  book_id text NOT NULL,
  file_name text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  status text NOT NULL CHECK (status IN ('receiving', 'received', 'refused')),
  receipt jsonb,
  FOREIGN KEY (list, code) REFERENCES communes (list, code)
);

CREATE INDEX uploads_by_commune ON uploads (list, code, created_at);
CREATE INDEX uploads_by_book ON uploads (book_id, created_at);
