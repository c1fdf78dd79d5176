-- API keys of other provincial systems (issue 11 item 6): read-only access to the entries of a set of communes.
-- A key is shown once when a province admin creates it; only its SHA-256 is stored. `hint` (the key's first
-- characters after its fixed prefix) tells keys apart in lists and logs without revealing them.

CREATE TABLE api_keys (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  hint text NOT NULL,
  created_by integer NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);

CREATE TABLE api_key_communes (
  api_key_id integer NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  list text NOT NULL,
  code text NOT NULL,
  PRIMARY KEY (api_key_id, list, code),
  FOREIGN KEY (list, code) REFERENCES communes (list, code)
);

-- The access log names the key of a read-API request (no foreign key: the log outlives what it names).
ALTER TABLE access_log ADD COLUMN api_key_id integer;
