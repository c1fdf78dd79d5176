-- Communes, accounts, sessions, devices, login failures and the access log (issue 11 item 3).
-- A commune is keyed by its unit list and 5-digit code, as a book's CommuneRef names it (the 2025 list reuses
-- most pre-2025 codes for other units).

CREATE TABLE communes (
  list text NOT NULL CHECK (list IN ('pre2025', '2025')),
  code text NOT NULL CHECK (code ~ '^[0-9]{5}$'),
  name text NOT NULL,
  district text NOT NULL,
  province text NOT NULL,
  PRIMARY KEY (list, code)
);

CREATE TABLE accounts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('province_admin', 'commune')),
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);

CREATE TABLE account_communes (
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  list text NOT NULL,
  code text NOT NULL,
  PRIMARY KEY (account_id, list, code),
  FOREIGN KEY (list, code) REFERENCES communes (list, code)
);

-- A session cookie carries a random 32-byte token; only its SHA-256 is stored (the CSRF token is derived from
-- the session token, so it needs no column).
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- A device token is shown once at enrolment; only its SHA-256 is stored.
CREATE TABLE devices (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  enrolled_by integer NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_seen_at timestamptz
);

CREATE TABLE device_communes (
  device_id integer NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  list text NOT NULL,
  code text NOT NULL,
  PRIMARY KEY (device_id, list, code),
  FOREIGN KEY (list, code) REFERENCES communes (list, code)
);

-- Failed logins per username and client address, for the rate limit (kept in the database so it survives a
-- restart and is shared by every server process).
CREATE TABLE login_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (username, ip, at);

-- Who (account or device) did what, where, with which result: every auth event and every request that reads
-- or writes personal data. Append-only, no foreign keys: it outlives the accounts and devices it names.
CREATE TABLE access_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  account_id integer,
  username text,
  device_id integer,
  ip text NOT NULL,
  method text NOT NULL,
  route text NOT NULL,
  action text NOT NULL,
  commune_list text,
  commune_code text,
  status integer NOT NULL,
  result text NOT NULL CHECK (result IN ('ok', 'denied', 'failed', 'limited'))
);
CREATE INDEX access_log_at ON access_log (at);
