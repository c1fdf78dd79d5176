-- Rollups for the province screens (issue 11 item 5): the dashboard and the monthly report read small tables kept
-- up to date by triggers on entries, pages and audit_events, so a query costs the number of books and communes, not
-- the number of entries (target: under 200 ms on 1,000,000 entries). Whoever writes those tables (the merge of
-- uploaded packages) needs to do nothing: the triggers follow every insert, update and delete. `report_rebuild()`
-- recomputes every rollup from the tables (set-based), for this migration's backfill and after bulk loads made with
-- the triggers disabled (scripts/bench-province.ts).
--
-- Days and months are Vietnam's calendar (UTC+7, no daylight saving), as the workstations count them.

CREATE FUNCTION report_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date '1970-01-01' + floor((extract(epoch FROM t) + 25200) / 86400)::integer
$$;

CREATE FUNCTION report_month(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('month', report_day(t))::date
$$;

-- The stage of the monthly report an audit event records (src/domain/reports/monthly.ts stageOf): a page imported,
-- an entry's first keying (prefilled → keyed), a move into verified / returned / accepted / exported; else null.
CREATE FUNCTION report_stage(action text, rec jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN action = 'page.import' THEN 'pages'
    WHEN action <> 'entry.state' THEN NULL
    WHEN rec ->> 'before' = 'prefilled' AND rec ->> 'after' = 'keyed' THEN 'keyed'
    WHEN rec ->> 'after' IN ('verified', 'returned', 'accepted', 'exported')
      AND (rec ->> 'before') IS DISTINCT FROM (rec ->> 'after') THEN rec ->> 'after'
  END
$$;

-- Entries per book and workflow state; entries per commune and day of their first keying (the pace: a window of
-- days, read by day first); pages per book and mark.
CREATE TABLE report_book_states (
  book_id text NOT NULL,
  state text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (book_id, state)
);

CREATE TABLE report_commune_keyed_days (
  day date NOT NULL,
  list text NOT NULL,
  code text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (day, list, code)
);

CREATE TABLE report_book_pages (
  book_id text NOT NULL,
  mark text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (book_id, mark)
);

-- Each entry once per stage and month (the month's counts), and the first time it reached each stage (the
-- cumulative counts).
CREATE TABLE report_entry_months (
  stage text NOT NULL,
  month date NOT NULL,
  entry_id text NOT NULL,
  book_id text NOT NULL,
  PRIMARY KEY (stage, month, entry_id)
);

CREATE TABLE report_entry_stages (
  entry_id text NOT NULL,
  stage text NOT NULL,
  book_id text NOT NULL,
  first_at timestamptz NOT NULL,
  PRIMARY KEY (entry_id, stage)
);

-- Per commune, stage and month: entries (pages) counted in that month, and entries that reached the stage for
-- the first time in that month (cumulative to month m = the sum of `first` over months ≤ m).
CREATE TABLE report_commune_months (
  list text NOT NULL,
  code text NOT NULL,
  stage text NOT NULL,
  month date NOT NULL,
  in_month integer NOT NULL DEFAULT 0,
  first integer NOT NULL DEFAULT 0,
  PRIMARY KEY (list, code, stage, month)
);

CREATE INDEX report_commune_months_by_month ON report_commune_months (month);

-- Per commune and stage, the first arrivals of every month summed: the cumulative count to month m is this total
-- minus the months after m (few, usually none), so the report never sums a commune's whole history.
CREATE TABLE report_commune_totals (
  list text NOT NULL,
  code text NOT NULL,
  stage text NOT NULL,
  first integer NOT NULL,
  PRIMARY KEY (list, code, stage)
);

CREATE FUNCTION report_bump_count(tbl text, p_book text, p_key text, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF tbl = 'states' THEN
    INSERT INTO report_book_states AS r VALUES (p_book, p_key, delta)
      ON CONFLICT (book_id, state) DO UPDATE SET n = r.n + delta;
  ELSIF tbl = 'pages' THEN
    INSERT INTO report_book_pages AS r VALUES (p_book, p_key, delta)
      ON CONFLICT (book_id, mark) DO UPDATE SET n = r.n + delta;
  END IF;
END
$$;

CREATE FUNCTION report_bump_keyed(p_day date, p_list text, p_code text, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_commune_keyed_days AS r VALUES (p_day, p_list, p_code, delta)
    ON CONFLICT (day, list, code) DO UPDATE SET n = r.n + delta;
END
$$;

CREATE FUNCTION report_entries_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM report_bump_count('states', OLD.book_id, OLD.state, -1);
    IF OLD.keyed_at IS NOT NULL THEN
      PERFORM report_bump_keyed(report_day(OLD.keyed_at), OLD.list, OLD.code, -1);
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM report_bump_count('states', NEW.book_id, NEW.state, 1);
    IF NEW.keyed_at IS NOT NULL THEN
      PERFORM report_bump_keyed(report_day(NEW.keyed_at), NEW.list, NEW.code, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER report_entries AFTER INSERT OR DELETE OR UPDATE OF book_id, list, code, state, keyed_at ON entries
  FOR EACH ROW EXECUTE FUNCTION report_entries_trigger();

CREATE FUNCTION report_pages_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM report_bump_count('pages', OLD.book_id, OLD.mark, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM report_bump_count('pages', NEW.book_id, NEW.mark, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER report_pages AFTER INSERT OR DELETE OR UPDATE OF book_id, mark ON pages
  FOR EACH ROW EXECUTE FUNCTION report_pages_trigger();

CREATE FUNCTION report_bump_month(p_list text, p_code text, p_stage text, p_month date, d_in integer, d_first integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_commune_months AS r VALUES (p_list, p_code, p_stage, p_month, d_in, d_first)
    ON CONFLICT (list, code, stage, month)
    DO UPDATE SET in_month = r.in_month + d_in, first = r.first + d_first;
  IF d_first <> 0 THEN
    INSERT INTO report_commune_totals AS t VALUES (p_list, p_code, p_stage, d_first)
      ON CONFLICT (list, code, stage) DO UPDATE SET first = t.first + d_first;
  END IF;
END
$$;

-- One audit event into the monthly rollups (events are append-only: the merge inserts, never updates).
CREATE FUNCTION report_note_event(p_book text, p_at timestamptz, p_action text, p_rec jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  s text := report_stage(p_action, p_rec);
  e text := p_rec ->> 'entryId';
  m date := report_month(p_at);
  l text;
  c text;
  old_first timestamptz;
BEGIN
  IF s IS NULL OR (s <> 'pages' AND e IS NULL) THEN RETURN; END IF;
  SELECT list, code INTO l, c FROM books WHERE id = p_book;
  IF NOT FOUND THEN RETURN; END IF;
  IF s = 'pages' THEN
    -- A page is counted by its event (pages have no entry id), as the workstation counts them.
    PERFORM report_bump_month(l, c, s, m, 1, 1);
    RETURN;
  END IF;
  INSERT INTO report_entry_months VALUES (s, m, e, p_book) ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM report_bump_month(l, c, s, m, 1, 0); END IF;
  INSERT INTO report_entry_stages VALUES (e, s, p_book, p_at) ON CONFLICT DO NOTHING;
  IF FOUND THEN
    PERFORM report_bump_month(l, c, s, m, 0, 1);
    RETURN;
  END IF;
  SELECT first_at INTO old_first FROM report_entry_stages WHERE entry_id = e AND stage = s FOR UPDATE;
  IF p_at < old_first THEN
    -- An older event arrived later (another machine's chain): the entry reached the stage earlier.
    UPDATE report_entry_stages SET first_at = p_at WHERE entry_id = e AND stage = s;
    IF report_month(old_first) <> m THEN
      PERFORM report_bump_month(l, c, s, report_month(old_first), 0, -1);
      PERFORM report_bump_month(l, c, s, m, 0, 1);
    END IF;
  END IF;
END
$$;

CREATE FUNCTION report_events_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_note_event(NEW.book_id, NEW.at, NEW.action, NEW.record);
  RETURN NULL;
END
$$;

CREATE TRIGGER report_events AFTER INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION report_events_trigger();

CREATE FUNCTION report_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE report_book_states, report_commune_keyed_days, report_book_pages, report_entry_months,
    report_entry_stages, report_commune_months, report_commune_totals;
  INSERT INTO report_book_states SELECT book_id, state, count(*) FROM entries GROUP BY 1, 2;
  INSERT INTO report_commune_keyed_days
    SELECT report_day(keyed_at), list, code, count(*) FROM entries WHERE keyed_at IS NOT NULL GROUP BY 1, 2, 3;
  INSERT INTO report_book_pages SELECT book_id, mark, count(*) FROM pages GROUP BY 1, 2;
  INSERT INTO report_entry_months
    SELECT DISTINCT ON (s, m, e) s, m, e, book_id
    FROM (SELECT report_stage(action, record) AS s, report_month(at) AS m, record ->> 'entryId' AS e, book_id
          FROM audit_events WHERE action = 'entry.state') x
    WHERE s IS NOT NULL AND e IS NOT NULL;
  INSERT INTO report_entry_stages
    SELECT DISTINCT ON (e, s) e, s, book_id, at
    FROM (SELECT record ->> 'entryId' AS e, report_stage(action, record) AS s, book_id, at
          FROM audit_events WHERE action = 'entry.state') x
    WHERE s IS NOT NULL AND e IS NOT NULL
    ORDER BY e, s, at;
  INSERT INTO report_commune_months
    SELECT list, code, stage, month, sum(in_month), sum(first)
    FROM (
      SELECT b.list, b.code, r.stage, r.month, count(*) AS in_month, 0 AS first
        FROM report_entry_months r JOIN books b ON b.id = r.book_id GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT b.list, b.code, r.stage, report_month(r.first_at), 0, count(*)
        FROM report_entry_stages r JOIN books b ON b.id = r.book_id GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT b.list, b.code, 'pages', report_month(a.at), count(*), count(*)
        FROM audit_events a JOIN books b ON b.id = a.book_id WHERE a.action = 'page.import' GROUP BY 1, 2, 3, 4
    ) parts
    GROUP BY 1, 2, 3, 4;
  INSERT INTO report_commune_totals SELECT list, code, stage, sum(first) FROM report_commune_months GROUP BY 1, 2, 3;
END
$$;

SELECT report_rebuild();

-- Books of a commune by their last upload (the books screen lists the newest first).
CREATE INDEX books_by_upload ON books (list, code, last_upload_at DESC NULLS LAST);
