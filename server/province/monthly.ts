/**
 * The monthly province report for one month of Vietnam's calendar: per commune, the work of the month and the
 * cumulative work to its end in the stages of the workstation's monthly report (src/domain/reports/monthly.ts:
 * pages imported; entries keyed for the first time, verified, returned, accepted, exported — each entry once per
 * stage), from migration 005's `report_commune_months` rollup; and the acceptance decisions and the difficulties
 * noted on books in the month, from the books' records (a few per book, read in SQL with jsonb_array_elements).
 * Per-operator figures stay on the workstations (operators are local profiles of each laptop).
 */
import { sql, type Kysely } from 'kysely';
import { bookLabel, STAGES, type AcceptanceLine, type NoteLine, type Stage } from '../../src/domain/reports';
import type { RegisterType } from '../../src/domain/registers/types';
import type { Database, UnitListName } from '../db/schema';
import { communeNames } from './progress';
import { inScope, type Scope } from './scope';
import { vnMonthRange } from './time';

export type StageFigures = Record<Stage, { inMonth: number; cumulative: number }>;

export interface CommuneMonth {
  list: UnitListName;
  code: string;
  name: string;
  district: string;
  stages: StageFigures;
}

export interface ProvinceMonthly {
  month: string;
  communes: CommuneMonth[];
  totals: StageFigures;
  acceptances: AcceptanceLine[];
  notes: NoteLine[];
}

/** A month `yyyy-mm` from 2000-01 to 2099-12. */
export const MONTH_PATTERN = '^20[0-9]{2}-(0[1-9]|1[0-2])$';

const emptyStages = (): StageFigures =>
  Object.fromEntries(STAGES.map((s) => [s, { inMonth: 0, cumulative: 0 }])) as StageFigures;

export async function provinceMonthly(
  db: Kysely<Database>,
  scope: Scope,
  month: string,
): Promise<ProvinceMonthly> {
  const first = `${month}-01`;
  const { from, to } = vnMonthRange(month);
  const [counts, names, acceptances, notes] = await Promise.all([
    // Per commune and stage: the month's count, and the cumulative count = the total of first arrivals minus
    // those of later months (migration 005's report_commune_totals).
    sql<{ list: UnitListName; code: string; stage: string; in_month: string; cumulative: string }>`
      SELECT t.list, t.code, t.stage,
             coalesce((SELECT r.in_month FROM report_commune_months r
                       WHERE r.list = t.list AND r.code = t.code AND r.stage = t.stage AND r.month = ${first}::date), 0)
               AS in_month,
             t.first - coalesce(later.first, 0) AS cumulative
      FROM report_commune_totals t
      LEFT JOIN (SELECT list, code, stage, sum(first) AS first FROM report_commune_months
                 WHERE month > ${first}::date GROUP BY 1, 2, 3) later
        ON later.list = t.list AND later.code = t.code AND later.stage = t.stage
      WHERE ${inScope(scope, 't')}`.execute(db),
    communeNames(db, scope),
    sql<{
      id: string;
      type: string;
      book_number: string;
      name: string;
      level: string;
      decided_at: string;
      sample: number;
      defects: number;
      accepted: boolean;
    }>`
      SELECT b.id, b.type, b.book_number, c.name, a->>'level' AS level, (a->>'decidedAt')::bigint AS decided_at,
             jsonb_array_length(coalesce(a->'sampleIds', '[]'::jsonb)) AS sample,
             coalesce((a->'decision'->>'defects')::integer, 0) AS defects,
             coalesce((a->'decision'->>'accepted')::boolean, false) AS accepted
      FROM books b
      JOIN communes c ON c.list = b.list AND c.code = b.code
      CROSS JOIN LATERAL jsonb_array_elements(coalesce(b.record->'acceptances', '[]'::jsonb)) a
      WHERE ${inScope(scope, 'b')}
        AND jsonb_typeof(a->'decision') = 'object'
        AND jsonb_typeof(a->'decidedAt') = 'number'
        AND (a->>'decidedAt')::double precision >= ${from}
        AND (a->>'decidedAt')::double precision < ${to}
      ORDER BY decided_at, b.id`.execute(db),
    sql<{
      id: string;
      type: string;
      book_number: string;
      name: string;
      at: string;
      user_name: string;
      text: string;
    }>`
      SELECT b.id, b.type, b.book_number, c.name, (n->>'at')::bigint AS at, coalesce(n->>'userName', '') AS user_name,
             coalesce(n->>'text', '') AS text
      FROM books b
      JOIN communes c ON c.list = b.list AND c.code = b.code
      CROSS JOIN LATERAL jsonb_array_elements(coalesce(b.record->'notes', '[]'::jsonb)) n
      WHERE ${inScope(scope, 'b')}
        AND jsonb_typeof(n->'at') = 'number'
        AND (n->>'at')::double precision >= ${from}
        AND (n->>'at')::double precision < ${to}`.execute(db),
  ]);
  const communes = new Map<string, CommuneMonth>();
  const totals = emptyStages();
  for (const r of counts.rows) {
    if (!STAGES.includes(r.stage as Stage)) continue;
    // A commune with nothing up to the month's end (its work all came later) is not listed.
    if (Number(r.in_month) === 0 && Number(r.cumulative) === 0 && !communes.has(`${r.list}:${r.code}`))
      continue;
    const key = `${r.list}:${r.code}`;
    const named = names.get(key);
    const c = communes.get(key) ?? {
      list: r.list,
      code: r.code,
      name: named?.name ?? '',
      district: named?.district ?? '',
      stages: emptyStages(),
    };
    const stage = r.stage as Stage;
    c.stages[stage] = { inMonth: Number(r.in_month), cumulative: Number(r.cumulative) };
    totals[stage].inMonth += Number(r.in_month);
    totals[stage].cumulative += Number(r.cumulative);
    communes.set(key, c);
  }
  const label = (r: { type: string; book_number: string; name: string }): string =>
    bookLabel({
      type: r.type as RegisterType,
      bookNumber: r.book_number,
      commune: { list: '2025', code: '', name: r.name, district: '', province: '' },
    });
  return {
    month,
    communes: [...communes.values()].sort(
      (a, b) => a.list.localeCompare(b.list) || a.code.localeCompare(b.code),
    ),
    totals,
    acceptances: acceptances.rows.map((r) => ({
      bookId: r.id,
      book: label(r),
      level: r.level,
      decidedAt: Number(r.decided_at),
      sampleSize: r.sample,
      defects: r.defects,
      accepted: r.accepted,
    })),
    notes: notes.rows
      .map((r) => ({ bookId: r.id, book: label(r), at: Number(r.at), userName: r.user_name, text: r.text }))
      .sort((a, b) => a.book.localeCompare(b.book, 'vi') || a.at - b.at),
  };
}
