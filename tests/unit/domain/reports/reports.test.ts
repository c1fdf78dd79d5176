import { describe, expect, it } from 'vitest';
import type { AcceptanceRecord } from '../../../../src/domain/acceptance/record';
import type { Book } from '../../../../src/domain/records/book';
import { countAll } from '../../../../src/domain/records/summary';
import {
  buildMonthly,
  buildProgress,
  checkInventoryInput,
  numbering,
  type BookFacts,
  type InventoryRow,
  type ReportEvent,
} from '../../../../src/domain/reports';
import { testBook } from '../../helpers/records';

const day = (d: number, month = 3, h = 10): number => new Date(2026, month - 1, d, h).getTime();

let seq = 0;
const move = (entryId: string, before: string, after: string, at: number, userId = 'op1'): ReportEvent => ({
  bookId: 'b1',
  at,
  seq: ++seq,
  userId,
  action: 'entry.state',
  entryId,
  before,
  after,
});
const check = (entryId: string, verdict: 'ok' | 'wrong', at: number, corrected?: string): ReportEvent => ({
  bookId: 'b1',
  at,
  seq: ++seq,
  userId: 'chk',
  action: 'field.check',
  entryId,
  before: null,
  after: { verdict, by: 'chk', at, ...(corrected !== undefined ? { corrected } : {}) },
});
const pageImport = (at: number): ReportEvent => ({
  bookId: 'b1',
  at,
  seq: ++seq,
  userId: 'op1',
  action: 'page.import',
  entryId: null,
  before: null,
  after: null,
});

function row(over: Record<string, string>): InventoryRow {
  const r = checkInventoryInput(
    {
      communeCode: '19774',
      communeName: 'Phường Phú Hội',
      type: 'KS',
      yearFrom: '2017',
      bookNumber: '01/2017',
      ...over,
    },
    new Date(2026, 5, 1),
  );
  if (!r.row) throw new Error(r.error);
  return r.row;
}

describe('numbering', () => {
  it('counts expected from first to last so, gaps and duplicates', () => {
    const so = ['01', '02', '02', '05', '14A', '14a', 'x', ''].map((s) => ({ so: s }));
    // numbers 1, 2, 5, 14: expected 14, gaps 3, 4, 6–13; "2" twice, "14A" twice (case folded)
    expect(numbering(so)).toEqual({
      first: 1,
      last: 14,
      expected: 14,
      captured: 8,
      gaps: [3, 4, 6, 7, 8, 9, 10, 11, 12, 13],
      duplicates: ['2', '14A'],
    });
    expect(numbering([])).toEqual({
      first: null,
      last: null,
      expected: 0,
      captured: 0,
      gaps: [],
      duplicates: [],
    });
  });
});

describe('progress against the inventory', () => {
  // Book b1 (KS 1/2017, in the inventory as "01/2017"): 4 pages (1 blank, 1 crossed out), 5 entries:
  // 1 prefilled, 1 keyed, 1 returned, 1 accepted, 1 exported. Book b2 (KT 01/2017) is not in the inventory.
  const b1 = { ...testBook('b1'), bookNumber: '1/2017' };
  const b2 = testBook('b2', 'KT');
  const states = ['prefilled', 'keyed', 'returned', 'accepted', 'exported'] as const;
  const pages = [
    { mark: 'normal', ocr: 'done' },
    { mark: 'blank', ocr: 'pending' },
    { mark: 'crossed_out', ocr: 'pending' },
    { mark: 'normal', ocr: 'done' },
  ] as const;
  const now = day(31, 3, 12);
  // Keyed for the first time in the last 30 days: e1, e2, e3, e4 (e0 never; e9 keyed 40 days ago).
  const events = [
    move('e9', 'prefilled', 'keyed', now - 40 * 86_400_000),
    move('e1', 'prefilled', 'keyed', day(10)),
    move('e2', 'prefilled', 'keyed', day(11)),
    move('e3', 'prefilled', 'keyed', day(12)),
    move('e4', 'prefilled', 'keyed', day(13)),
    move('e2', 'keyed', 'returned', day(14), 'chk'),
    check('e3', 'wrong', day(15), 'Nguyen'),
    check('e4', 'ok', day(15)),
  ];
  const facts: BookFacts[] = [
    {
      book: b1,
      counters: countAll(
        'b1',
        pages,
        states.map((state) => ({ state })),
      ),
      summaries: ['01', '02', '04', '04', '05'].map((so) => ({ so })),
      pageMarks: pages.map((p) => p.mark),
      flags: { illegible: 2, damaged: 1 },
      events,
    },
    {
      book: b2,
      counters: countAll('b2', [], []),
      summaries: [],
      pageMarks: [],
      flags: { illegible: 0, damaged: 0 },
      events: [],
    },
  ];
  const inventory = [
    row({ entries: '125', pages: '30', paperSize: 'A3', condition: 'Tốt' }),
    row({ bookNumber: '02/2017', entries: '75' }),
    row({ communeCode: '19775', communeName: 'Phường Thuận Hoà', entries: '40' }),
  ];

  it('matches books to rows and counts each book', () => {
    const r = buildProgress({ inventory, books: facts, deadline: '2026-06-30', now });
    expect(r.books.map((b) => [b.communeCode, b.type, b.bookNumber, b.bookId])).toEqual([
      ['19774', 'KS', '01/2017', 'b1'],
      ['19774', 'KS', '02/2017', null],
      ['19774', 'KT', '01/2017', 'b2'],
      ['19775', 'KS', '01/2017', null],
    ]);
    const first = r.books[0]!;
    expect(first).toMatchObject({
      estimatedEntries: 125,
      estimatedPages: 30,
      paperSize: 'A3',
      condition: 'good',
      pages: 4,
      blankPages: 1,
      crossedPages: 1,
      entries: 5,
      accepted: 2,
      exported: 1,
      corrected: 2, // e2 returned, e3 corrected by the checker
      illegible: 2,
      damaged: 1,
      numbering: { first: 1, last: 5, expected: 5, captured: 5, gaps: [3], duplicates: ['4'] },
    });
    expect(first.byState).toMatchObject({ prefilled: 1, keyed: 1, returned: 1, accepted: 1, exported: 1 });
    expect(r.books[2]).toMatchObject({ inventoryId: null, estimatedEntries: null, condition: null });
  });

  it('finishes each commune at the pace of the last 30 days', () => {
    const r = buildProgress({ inventory, books: facts, deadline: '2026-06-30', now });
    // 19774: estimated 125 + 75 + 0 (b2 has no row and no entries) = 200; keyed or beyond in b1: keyed, accepted,
    // exported = 3 (a returned entry waits to be keyed again) → 197 left. Pace 4 / 30 days →
    // ceil(197 × 30 / 4) = ceil(1477.5) = 1478 days after 31/3/2026 = 17/4/2030.
    const c = r.communes.find((x) => x.communeCode === '19774')!;
    expect(c).toMatchObject({
      books: 3,
      booksStarted: 1,
      estimatedEntries: 200,
      keyed: 3,
      remaining: 197,
      recentKeyed: 4,
      finishDate: '2030-04-17',
      deadline: '2026-06-30',
      late: true,
    });
    expect(c.pacePerDay).toBeCloseTo(4 / 30);
    // 19775: nothing keyed, no pace, no finish date.
    expect(r.communes.find((x) => x.communeCode === '19775')).toMatchObject({
      remaining: 40,
      finishDate: null,
      late: null,
    });
    // With an estimate of 5 for b1's commune, 2 are left: ceil(2 × 30 / 4) = 15 days → 15/4, before the deadline.
    const small = buildProgress({
      inventory: [row({ entries: '5' })],
      books: [facts[0]!],
      deadline: '2026-06-30',
      now,
    });
    expect(small.communes[0]).toMatchObject({ remaining: 2, finishDate: '2026-04-15', late: false });
  });
});

describe('monthly report', () => {
  const accepted = (decidedAt: number): AcceptanceRecord =>
    ({
      id: 'a1',
      level: 'Cấp xã',
      sampleIds: ['e1', 'e2', 'e3'],
      decidedAt,
      decision: { accepted: true, defects: 0, sampleSize: 3, errorRate: 0 },
    }) as unknown as AcceptanceRecord;
  const book: Book = {
    ...testBook('b1'),
    acceptances: [accepted(day(20, 3)), accepted(day(2, 4))],
    notes: [
      { at: day(5, 3), userId: 'op1', userName: 'Lan', text: 'Trang 12 bị ố, khó đọc.' },
      { at: day(28, 2), userId: 'op1', userName: 'Lan', text: 'Tháng trước.' },
    ],
  };
  // February: op1 keys e1, e2; March: op1 keys e3, e4 (two days), op2 keys e5 (one day).
  // March checks: e1 returned (keyed by op1 in Feb), e3 verified with one wrong corrected field of 2 checked,
  // e5 verified (2 fields ok). e1 re-keyed after return (not a first keying) then verified.
  const events: ReportEvent[] = [
    pageImport(day(1, 2)),
    pageImport(day(2, 3)),
    pageImport(day(2, 3)),
    move('e1', 'prefilled', 'keyed', day(3, 2)),
    move('e2', 'prefilled', 'keyed', day(3, 2)),
    move('e3', 'prefilled', 'keyed', day(4, 3)),
    move('e4', 'prefilled', 'keyed', day(6, 3)),
    move('e5', 'prefilled', 'keyed', day(6, 3), 'op2'),
    check('e1', 'wrong', day(7, 3)),
    move('e1', 'keyed', 'returned', day(7, 3), 'chk'),
    move('e1', 'returned', 'keyed', day(8, 3)),
    check('e1', 'ok', day(9, 3)),
    move('e1', 'keyed', 'verified', day(9, 3), 'chk'),
    check('e3', 'wrong', day(9, 3), 'Lê'),
    check('e3', 'ok', day(9, 3)),
    move('e3', 'keyed', 'verified', day(9, 3), 'chk'),
    check('e5', 'ok', day(10, 3)),
    check('e5', 'ok', day(10, 3)),
    move('e5', 'keyed', 'verified', day(10, 3), 'chk'),
    move('e5', 'verified', 'accepted', day(20, 3), 'sup'),
    move('e2', 'prefilled', 'keyed', day(2, 4)), // April: not counted for March
  ];

  it('counts the month and up to its end, per operator, with acceptances and notes', () => {
    const r = buildMonthly({
      year: 2026,
      month: 3,
      books: [book],
      events: [...events].reverse(),
      users: [
        { id: 'op1', name: 'Lan' },
        { id: 'op2', name: 'Minh' },
      ],
    });
    expect(r.month).toBe('2026-03');
    expect(Object.fromEntries(r.stages.map((s) => [s.stage, [s.inMonth, s.cumulative]]))).toEqual({
      pages: [2, 3],
      keyed: [3, 5],
      verified: [3, 3],
      returned: [1, 1],
      accepted: [1, 1],
      exported: [0, 0],
    });
    expect(r.operators).toEqual([
      {
        userId: 'op1',
        name: 'Lan',
        keyed: 2,
        days: 2,
        perDay: 1,
        checkedEntries: 2, // e1 (returned, then verified) and e3
        returnedEntries: 1,
        fieldsChecked: 4, // e1: wrong, ok; e3: wrong, ok
        fieldsWrong: 2,
        returnRate: 0.5,
        fieldErrorRate: 0.5,
      },
      {
        userId: 'op2',
        name: 'Minh',
        keyed: 1,
        days: 1,
        perDay: 1,
        checkedEntries: 1,
        returnedEntries: 0,
        fieldsChecked: 2,
        fieldsWrong: 0,
        returnRate: 0,
        fieldErrorRate: 0,
      },
    ]);
    expect(r.acceptances).toEqual([
      {
        bookId: 'b1',
        book: 'Sổ KS 01/2017 · Phường Phú Hội',
        level: 'Cấp xã',
        decidedAt: day(20, 3),
        sampleSize: 3,
        defects: 0,
        accepted: true,
      },
    ]);
    expect(r.notes.map((n) => n.text)).toEqual(['Trang 12 bị ố, khó đọc.']);
  });
});
