/** The packed form of summaries (columns) round-trips every attribute; slots are stable and in range. */
import { describe, expect, it } from 'vitest';
import type { EntrySummary } from '../../../src/domain/records/summary';
import {
  groupBySlot,
  packSlot,
  packSummaries,
  PACK_SLOTS,
  unpackSummaries,
} from '../../../src/storage/packs';

const summary = (id: string, over: Partial<EntrySummary> = {}): EntrySummary => ({
  id,
  bookId: 'b1',
  pageIds: ['p1'],
  order: 3,
  type: 'KS',
  state: 'keyed',
  keyedBy: 'u1',
  keyedBy2: null,
  compared: 0,
  differ: 0,
  so: '012',
  title: 'Nguyễn Văn Hải',
  date: '01/2019',
  text: 'nguyen van hai 12 2019',
  uncertain: 2,
  flagged: 1,
  ...over,
});

describe('summary packs', () => {
  it('round-trip every attribute, multi-page, no page, null keyedBy and fractional order included', () => {
    const list = [
      summary('e1'),
      summary('e2', { pageIds: ['p1', 'p2'], keyedBy: null, order: 2.5, state: 'prefilled' }),
      summary('e3', { pageIds: [], so: '', title: '', date: '', text: '', uncertain: 0, flagged: 0 }),
      summary('e4', { state: 'keyed2', keyedBy2: 'u2', compared: 21, differ: 2 }),
    ];
    const pack = packSummaries('b1', 7, list);
    expect(pack.id).toEqual(['e1', 'e2', 'e3', 'e4']);
    // What IndexedDB stores is a structured clone: the round trip goes through one.
    expect(unpackSummaries(structuredClone(pack))).toEqual(list);
  });

  it('read packs written before blind double keying (no keyedBy2, no keying column)', () => {
    const { keyedBy2: _k, keying: _c, ...old } = packSummaries('b1', 3, [summary('e1')]);
    expect(unpackSummaries(structuredClone(old))).toEqual([summary('e1')]);
  });

  it('append to a list and survive an empty pack', () => {
    const into = [summary('e0')];
    unpackSummaries(packSummaries('b1', 0, []), into);
    unpackSummaries(packSummaries('b1', 0, [summary('e1')]), into);
    expect(into.map((s) => s.id)).toEqual(['e0', 'e1']);
  });

  it('slots are stable, within range and spread', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `id-${i}`);
    const slots = ids.map(packSlot);
    expect(slots.every((s) => Number.isInteger(s) && s >= 0 && s < PACK_SLOTS)).toBe(true);
    expect(ids.map(packSlot)).toEqual(slots);
    expect(new Set(slots).size).toBe(PACK_SLOTS);
    const groups = groupBySlot(ids, (id) => ({ bookId: 'b', id }));
    expect([...groups.values()].reduce((n, g) => n + g.items.length, 0)).toBe(2000);
    expect(Math.max(...[...groups.values()].map((g) => g.items.length))).toBeLessThan(60);
  });
});
