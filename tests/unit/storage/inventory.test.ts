/**
 * The inventory store (migration 6) on fake-indexeddb: a version-4 database keeps its books and gains the store;
 * rows and the campaign deadline are written with their event in the machine's own chain, which verifies.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/domain/records/audit';
import { CAMPAIGN_KEY, checkInventoryInput, type InventoryRow } from '../../../src/domain/reports/inventory';
import { MIGRATIONS, openRepository, type Repository } from '../../../src/storage';
import { testBook, testEvent } from '../helpers/records';

const open: Repository[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});

function row(bookNumber: string, entries: string): InventoryRow {
  const r = checkInventoryInput({ communeCode: '19774', type: 'KS', yearFrom: '2017', bookNumber, entries });
  if (!r.row) throw new Error(r.error);
  return r.row;
}

describe('inventory store', () => {
  it('is added to a filled version-4 database (migration 6), books kept', async () => {
    const name = 'inv-v4';
    const v4 = await openDB(name, 4, {
      upgrade(db, _o, _n, tx) {
        void (async () => {
          for (const m of MIGRATIONS.slice(0, 4)) await m.up(db as never, tx as never);
        })();
      },
    });
    await v4.put('books', testBook('b1'));
    v4.close();
    const repo = await openRepository({ name });
    open.push(repo);
    expect((await repo.listBooks()).map((b) => b.id)).toEqual(['b1']);
    expect(await repo.listInventory()).toEqual([]);
  });

  it('writes rows, removals and the deadline with their events in the machine chain', async () => {
    const repo = await openRepository({ name: 'inv-write' });
    open.push(repo);
    const a = row('01/2017', '120');
    const b = row('02/2017', '80');
    await repo.saveInventory({
      put: [a, b],
      event: testEvent('inventory.import', { bookId: null, after: { rows: 2 } }),
    });
    await repo.saveInventory({
      put: [{ ...a, entries: 130 }],
      remove: [b.id],
      event: testEvent('inventory.update', {
        bookId: null,
        before: { entries: 120 },
        after: { entries: 130 },
      }),
    });
    await repo.putAuditedSetting(
      CAMPAIGN_KEY,
      { deadline: '2026-12-31' },
      testEvent('campaign.update', { after: { deadline: '2026-12-31' } }),
    );
    expect((await repo.listInventory()).map((r) => [r.id, r.entries])).toEqual([
      ['19774|KS|2017|1/2017', 130],
    ]);
    expect(await repo.getSetting(CAMPAIGN_KEY)).toEqual({ deadline: '2026-12-31' });
    const events = await repo.listBookEvents(null);
    expect(events.map((e) => [e.action, e.bookId, e.seq])).toEqual([
      ['inventory.import', null, 1],
      ['inventory.update', null, 2],
      ['campaign.update', null, 3],
    ]);
    expect(verifyChains(events).ok).toBe(true);
  });
});
