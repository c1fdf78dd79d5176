/** Per-person statistics from audit events: keying, returns received and given, checking speed and the fast flag. */
import { describe, expect, it } from 'vitest';
import type { AuditAction, AuditEvent, JsonValue } from '../../../../src/domain/records/audit';
import type { FieldValue } from '../../../../src/domain/records/entry';
import { FAST_CHECK_MS, IDLE_MS, personStats } from '../../../../src/domain/stats/people';

let seq = 0;
function ev(
  at: number,
  userId: string,
  action: AuditAction,
  entryId: string | null,
  before: JsonValue = null,
  after: JsonValue = null,
): AuditEvent {
  return {
    bookId: 'b1',
    machineId: 'm1',
    seq: ++seq,
    at,
    userId,
    role: null,
    action,
    entryId,
    pageId: null,
    field: null,
    before,
    after,
    note: null,
    prevHash: '',
    hash: '',
  };
}
const ok = (by: string, at: number): JsonValue => ({ verdict: 'ok', by, at });
const field = (value: string, ocr?: string): FieldValue => ({
  value,
  flags: [],
  source: 'keyed',
  confirmed: true,
  ...(ocr !== undefined ? { ocr: { text: ocr, confidence: 0.9 } } : {}),
});

describe('personStats', () => {
  it('counts keying, OCR kept, returns received by the keyer and given by the checker', () => {
    const t = 1_000_000;
    const events = [
      ev(t, 'ann', 'field.edit', 'e1', 'Nguyen', 'Nguyễn'),
      ev(t + 2_000, 'ann', 'field.confirm', 'e1', false, true),
      ev(t + 5_000, 'ann', 'entry.finish', 'e1', { unconfirmed: ['a', 'b'] }, { confirmed: ['a', 'b'] }),
      ev(t + 5_000, 'ann', 'entry.state', 'e1', 'prefilled', 'keyed'),
      ev(t + 60_000, 'cao', 'field.check', 'e1', null, ok('cao', t + 60_000)),
      ev(t + 61_000, 'cao', 'field.check', 'e1', null, { verdict: 'wrong', reason: 'spelling' }),
      ev(t + 61_000, 'cao', 'entry.state', 'e1', 'keyed', 'returned'),
      // Ann fixes it: keyed again (counts again), after a long pause (not counted as time).
      ev(t + 10 * IDLE_MS, 'ann', 'field.edit', 'e1', 'Hai', 'Hải'),
      ev(t + 10 * IDLE_MS, 'ann', 'field.check', 'e1', ok('cao', t), null), // mark cleared by her edit
      ev(t + 10 * IDLE_MS + 1_000, 'ann', 'entry.state', 'e1', 'returned', 'keyed'),
    ];
    const entries = [
      { keyedBy: 'ann', fields: { a: field('Nguyễn', 'Nguyen'), b: field('12', '12'), c: field('') } },
    ];
    const [ann, cao] = personStats(events, entries);
    expect(ann).toMatchObject({
      userId: 'ann',
      entriesKeyed: 2,
      fieldsConfirmed: 3,
      edits: 2,
      ocrOffered: 2,
      ocrKept: 1,
      returnsReceived: 1,
      returnsGiven: 0,
      fieldsChecked: 0,
    });
    // 5 s of work before the first finish, 1 s after the pause: 6 s over two keyings.
    expect(ann?.msPerEntry).toBe(3_000);
    expect(cao).toMatchObject({ userId: 'cao', returnsGiven: 1, entriesChecked: 1, fieldsChecked: 2 });
    expect(cao?.msPerCheckedField).toBeNull(); // too few checks to judge a speed
  });

  it('marks a checker who accepts fields faster than the threshold, not a careful one', () => {
    const events: AuditEvent[] = [];
    const t = 5_000_000;
    for (let i = 0; i < 20; i++)
      events.push(ev(t + i * 150, 'quick', 'field.check', 'e1', null, ok('quick', 0)));
    for (let i = 0; i < 20; i++)
      events.push(ev(t + i * 1_500, 'slow', 'field.check', 'e2', null, ok('slow', 0)));
    const [quick, slow] = personStats(events, []);
    expect(quick?.msPerCheckedField).toBe(150);
    expect(quick?.tooFast).toBe(true);
    expect(slow?.msPerCheckedField).toBe(1_500);
    expect(slow?.tooFast).toBe(false);
    expect(personStats(events, [], { fastCheckMs: 2_000 }).every((p) => p.tooFast)).toBe(true);
    expect(FAST_CHECK_MS).toBe(400);
  });

  it('counts only events inside the period, but knows who keyed an entry returned in it', () => {
    const events = [
      ev(100, 'ann', 'entry.state', 'e1', 'prefilled', 'keyed'),
      ev(5_000, 'cao', 'entry.state', 'e1', 'keyed', 'returned'),
    ];
    const stats = personStats(events, [], { from: 1_000, to: 10_000 });
    expect(stats.find((p) => p.userId === 'ann')).toMatchObject({ entriesKeyed: 0, returnsReceived: 1 });
    expect(stats.find((p) => p.userId === 'cao')).toMatchObject({ returnsGiven: 1 });
  });
});
