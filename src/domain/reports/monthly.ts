/**
 * The monthly report (registers.md §8.7, issue 14 item 4) for one calendar month, from the audit events of every
 * book: work done in the month and cumulatively up to its end (pages imported; entries keyed for the first time,
 * verified, returned, accepted, exported — each entry once per stage), per-operator productivity and error rates
 * (checkers' verdicts on the entries the operator keyed), the acceptance decisions of the month and the
 * difficulties noted on books. Pure.
 */
import type { Book } from '../records/book';
import {
  byTime,
  checkVerdict,
  isFirstKeying,
  isMoveTo,
  isoDay,
  monthRange,
  type ReportEvent,
} from './events';

export type Stage = 'pages' | 'keyed' | 'verified' | 'returned' | 'accepted' | 'exported';

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  pages: 'Trang đã nhập ảnh',
  keyed: 'Mục đã nhập',
  verified: 'Mục kiểm tra đạt',
  returned: 'Mục bị trả lại',
  accepted: 'Mục đã nghiệm thu',
  exported: 'Mục đã xuất',
};

export const STAGES: readonly Stage[] = ['pages', 'keyed', 'verified', 'returned', 'accepted', 'exported'];

export interface StageCount {
  stage: Stage;
  inMonth: number;
  cumulative: number;
}

export interface OperatorMonth {
  userId: string;
  name: string;
  /** Entries keyed for the first time in the month, on how many days, and that per day. */
  keyed: number;
  days: number;
  perDay: number;
  /** Of the operator's entries, checked in the month (verified or returned) and returned. */
  checkedEntries: number;
  returnedEntries: number;
  /** Field verdicts of the month on the operator's entries, and how many said wrong. */
  fieldsChecked: number;
  fieldsWrong: number;
  /** returned / checked entries and wrong / checked fields (null when nothing was checked). */
  returnRate: number | null;
  fieldErrorRate: number | null;
}

export interface AcceptanceLine {
  bookId: string;
  book: string;
  level: string;
  decidedAt: number;
  sampleSize: number;
  defects: number;
  accepted: boolean;
}

export interface NoteLine {
  bookId: string;
  book: string;
  at: number;
  userName: string;
  text: string;
}

export interface MonthlyReport {
  /** yyyy-mm */
  month: string;
  stages: StageCount[];
  operators: OperatorMonth[];
  acceptances: AcceptanceLine[];
  notes: NoteLine[];
}

/** "Sổ KS 01/2017 · Phường Phú Hội". */
export const bookLabel = (b: Pick<Book, 'type' | 'bookNumber' | 'commune'>): string =>
  `Sổ ${b.type} ${b.bookNumber} · ${b.commune.name}`;

function stageOf(e: ReportEvent): Stage | null {
  if (e.action === 'page.import') return 'pages';
  if (isFirstKeying(e)) return 'keyed';
  for (const s of ['verified', 'returned', 'accepted', 'exported'] as const) if (isMoveTo(e, s)) return s;
  return null;
}

export function buildMonthly(input: {
  year: number;
  month: number;
  books: readonly Book[];
  /** Every event of those books (any order). */
  events: readonly ReportEvent[];
  users: readonly { id: string; name: string }[];
}): MonthlyReport {
  const { from, to } = monthRange(input.year, input.month);
  const inMonth = (at: number): boolean => at >= from && at < to;
  const seen = { month: new Map<Stage, Set<string>>(), total: new Map<Stage, Set<string>>() };
  const add = (m: Map<Stage, Set<string>>, s: Stage, id: string) => {
    const set = m.get(s) ?? new Set<string>();
    set.add(id);
    m.set(s, set);
  };
  const keyer = new Map<string, string>();
  const ops = new Map<
    string,
    {
      keyed: Set<string>;
      days: Set<string>;
      checked: Set<string>;
      returned: Set<string>;
      fields: number;
      wrong: number;
    }
  >();
  const op = (id: string) => {
    const o = ops.get(id) ?? {
      keyed: new Set<string>(),
      days: new Set<string>(),
      checked: new Set<string>(),
      returned: new Set<string>(),
      fields: 0,
      wrong: 0,
    };
    ops.set(id, o);
    return o;
  };
  for (const e of byTime(input.events)) {
    if (e.at >= to) break;
    const stage = stageOf(e);
    // A page is counted by its event (pages have no entry id); an entry once per stage.
    const id = stage === 'pages' ? `${e.bookId}:${e.seq}:${e.at}` : e.entryId;
    if (stage && id) {
      add(seen.total, stage, id);
      if (inMonth(e.at)) add(seen.month, stage, id);
    }
    if (!e.entryId) continue;
    if (e.action === 'entry.state' && e.after === 'keyed' && e.userId) keyer.set(e.entryId, e.userId);
    if (!inMonth(e.at)) continue;
    if (isFirstKeying(e) && e.userId) {
      const o = op(e.userId);
      o.keyed.add(e.entryId);
      o.days.add(isoDay(e.at));
    }
    const who = keyer.get(e.entryId);
    if (!who) continue;
    if (isMoveTo(e, 'verified') || isMoveTo(e, 'returned')) {
      const o = op(who);
      o.checked.add(e.entryId);
      if (e.after === 'returned') o.returned.add(e.entryId);
    }
    const verdict = checkVerdict(e);
    if (verdict) {
      const o = op(who);
      o.fields++;
      if (verdict === 'wrong') o.wrong++;
    }
  }
  const names = new Map(input.users.map((u) => [u.id, u.name]));
  const rate = (n: number, d: number): number | null => (d ? n / d : null);
  const operators: OperatorMonth[] = [...ops]
    .map(([userId, o]) => ({
      userId,
      name: names.get(userId) ?? userId,
      keyed: o.keyed.size,
      days: o.days.size,
      perDay: o.days.size ? o.keyed.size / o.days.size : 0,
      checkedEntries: o.checked.size,
      returnedEntries: o.returned.size,
      fieldsChecked: o.fields,
      fieldsWrong: o.wrong,
      returnRate: rate(o.returned.size, o.checked.size),
      fieldErrorRate: rate(o.wrong, o.fields),
    }))
    .sort((a, b) => b.keyed - a.keyed || a.name.localeCompare(b.name, 'vi'));
  const acceptances: AcceptanceLine[] = [];
  const notes: NoteLine[] = [];
  for (const b of input.books) {
    for (const r of b.acceptances)
      if (r.decision && r.decidedAt !== null && inMonth(r.decidedAt))
        acceptances.push({
          bookId: b.id,
          book: bookLabel(b),
          level: r.level,
          decidedAt: r.decidedAt,
          sampleSize: r.sampleIds.length,
          defects: r.decision.defects,
          accepted: r.decision.accepted,
        });
    for (const n of b.notes)
      if (inMonth(n.at))
        notes.push({ bookId: b.id, book: bookLabel(b), at: n.at, userName: n.userName, text: n.text });
  }
  acceptances.sort((a, b) => a.decidedAt - b.decidedAt);
  notes.sort((a, b) => a.book.localeCompare(b.book, 'vi') || a.at - b.at);
  return {
    month: `${input.year}-${String(input.month).padStart(2, '0')}`,
    stages: STAGES.map((stage) => ({
      stage,
      inMonth: seen.month.get(stage)?.size ?? 0,
      cumulative: seen.total.get(stage)?.size ?? 0,
    })),
    operators,
    acceptances,
    notes,
  };
}
