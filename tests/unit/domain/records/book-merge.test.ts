/** The book record's merge (domain/records/book-merge.ts): settings by their `book.update` stamps, acceptance
 * records by id (a decision taken, marks united, a second open sample at a level refused), notes united. */
import { describe, expect, it } from 'vitest';
import type { AcceptanceRecord } from '../../../../src/domain/acceptance/record';
import type { AuditEvent } from '../../../../src/domain/records/audit';
import { mergeBook } from '../../../../src/domain/records/book-merge';
import { testBook } from '../../helpers/records';

const update = (machineId: string, seq: number, after: Record<string, boolean | string>): AuditEvent => ({
  bookId: 'b1',
  machineId,
  seq,
  at: seq * 10,
  userId: 'u',
  role: 'supervisor',
  action: 'book.update',
  entryId: null,
  pageId: null,
  field: null,
  before: null,
  after,
  note: null,
  prevHash: '',
  hash: '',
});

const sample = (id: string, level: string, over: Partial<AcceptanceRecord> = {}): AcceptanceRecord => ({
  id,
  level,
  userId: 'u',
  userName: 'Giám sát',
  role: 'supervisor',
  drawnAt: 100,
  lotSize: 3,
  aql: 2.5,
  plan: { codeLetter: 'A', planLetter: 'A', sampleSize: 2, accept: 0, reject: 1 },
  seed: 1,
  sampleIds: ['e1', 'e2'],
  marks: {},
  decidedAt: null,
  decision: null,
  moved: [],
  ...over,
});

const base = testBook('b1');

describe('mergeBook', () => {
  it('a setting changed only there is taken, only here or on both sides stays', () => {
    const r = mergeBook({
      local: { ...base, doubleKeying: false, paperSize: 'A3', checkerCorrections: false },
      localHeads: { A: 5, B: 1 },
      localEvents: [update('A', 4, { paperSize: 'A3' }), update('A', 5, { checkerCorrections: false })],
      incoming: { ...base, doubleKeying: true, paperSize: 'A4', checkerCorrections: true },
      incomingHeads: { A: 1, B: 6 },
      incomingEvents: [update('B', 3, { doubleKeying: true }), update('B', 6, { checkerCorrections: true })],
      now: 999,
    });
    expect(r.settingsTaken).toEqual(['doubleKeying']);
    expect(r.book).toMatchObject({ doubleKeying: true, paperSize: 'A3', checkerCorrections: false });
    expect(r.changed).toBe(true);
  });

  it('acceptance records: a decision taken, marks of an open sample united, a second open sample refused', () => {
    const ok = { accepted: true, defects: 0, sampleSize: 2, errorRate: 0 };
    const ok1 = { verdict: 'ok' as const, note: '', at: 1 };
    const ok2 = { verdict: 'ok' as const, note: '', at: 2 };
    const bad = { verdict: 'defect' as const, note: 'Sai tên', at: 3 };
    const r = mergeBook({
      local: {
        ...base,
        acceptances: [sample('s1', 'Xã', { marks: { e1: ok1 } }), sample('s2', 'Huyện')],
      },
      localHeads: {},
      localEvents: [],
      incoming: {
        ...base,
        acceptances: [
          sample('s1', 'Xã', { marks: { e1: bad, e2: ok2 } }),
          sample('s2', 'Huyện', { decidedAt: 300, decision: ok }),
          sample('s3', 'Xã', { drawnAt: 50 }),
        ],
      },
      incomingHeads: {},
      incomingEvents: [],
      now: 999,
    });
    expect(r.acceptancesTaken).toBe(2);
    expect(r.acceptancesSkipped).toBe(1);
    const [s1, s2] = r.book.acceptances;
    expect(s1?.marks).toEqual({ e1: ok1, e2: ok2 });
    expect(s2?.decision).toEqual(ok);
    expect(r.book.acceptances.map((a) => a.id)).toEqual(['s1', 's2']);
  });

  it('notes are united in time order; the same records change nothing', () => {
    const n1 = { at: 5, userId: 'u', userName: 'A', text: 'một' };
    const n2 = { at: 3, userId: 'v', userName: 'B', text: 'hai' };
    const r = mergeBook({
      local: { ...base, notes: [n1] },
      localHeads: {},
      localEvents: [],
      incoming: { ...base, notes: [n2, n1] },
      incomingHeads: {},
      incomingEvents: [],
      now: 999,
    });
    expect(r.book.notes).toEqual([n2, n1]);
    const same = mergeBook({
      local: r.book,
      localHeads: {},
      localEvents: [],
      incoming: r.book,
      incomingHeads: {},
      incomingEvents: [],
      now: 1000,
    });
    expect(same.changed).toBe(false);
    expect(same.book).toBe(r.book);
  });
});
