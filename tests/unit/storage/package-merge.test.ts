/**
 * Work-package merges between two profiles (two repositories on fake-indexeddb, each its own machine id): a new book
 * added whole; a value changed on one side taken; a value changed on both sides listed as a conflict and never
 * overwritten; the same package twice changes nothing; the round trip A → B → edit on B → A; the other machine's
 * chains stored as their own chains and the import audited; a conflict settled on one side wins on the other.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { eventHash, verifyChains, ZERO_HASH, type AuditEvent } from '../../../src/domain/records/audit';
import type { Manifest } from '../../../src/exchange/package';
import { ENTRY_ATTRS } from '../../../src/domain/records/merge';
import { openRepository, type Repository } from '../../../src/storage';
import { edit, ev, exportBytes, importBytes, rezip, seedBook, text, utf8 } from '../helpers/package-book';

let n = 0;
const open: Repository[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});
async function repo(): Promise<Repository> {
  const r = await openRepository({ name: `merge-test-${++n}` });
  open.push(r);
  return r;
}

async function value(r: Repository, id: string, key: string): Promise<string | undefined> {
  return (await r.listEntries('b1')).find((e) => e.id === id)?.fields[key]?.value;
}

async function snapshot(r: Repository): Promise<string> {
  return JSON.stringify([
    await r.listBooks(),
    await r.listPages('b1'),
    await r.listEntries('b1'),
    await r.listBookEvents('b1'),
    await r.listConflicts('b1'),
    await r.getCounters('b1'),
  ]);
}

/** Profile A with the seeded book, profile B with A's package imported. */
async function twoProfiles(): Promise<{ a: Repository; b: Repository }> {
  const a = await repo();
  await seedBook(a);
  const b = await repo();
  const r = await importBytes(b, await exportBytes(a));
  expect(r).toMatchObject({ newBook: true, changed: true, entriesAdded: 2, pagesAdded: 2 });
  return { a, b };
}

describe('work-package merge', () => {
  it('adds a new book whole: pages, images, OCR, entries, counters, chains verifying', async () => {
    const { a, b } = await twoProfiles();
    expect(a.machineId).not.toBe(b.machineId);
    expect((await b.getBook('b1'))?.bookNumber).toBe('01/2017');
    expect((await b.listPages('b1')).map((p) => p.id)).toEqual(['p1', 'p2']);
    const img = await b.getPageImage('p2');
    const orig = await a.getPageImage('p2');
    expect(img?.image.size).toBe(orig?.image.size);
    expect(img?.image.type).toBe('image/jpeg');
    expect((await b.getOcr('p1'))?.words[0]?.text).toBe('Nguyễn');
    expect(await value(b, 'e2', 'nksHoTen')).toBe('Lê Văn Cường');
    expect((await b.getCounters('b1')).pages).toBe(2);
    expect((await b.listSummaries('b1')).length).toBe(2);
    // A's chain stored as its own chain; B's chain holds the import.
    const events = await b.listBookEvents('b1');
    expect(verifyChains(events).ok).toBe(true);
    expect(new Set(events.map((e) => e.machineId))).toEqual(new Set([a.machineId, b.machineId]));
    const mine = events.filter((e) => e.machineId === b.machineId);
    expect(mine.map((e) => e.action)).toEqual(['package.import']);
    expect(mine[0]).toMatchObject({ userId: 'u2', after: { from: a.machineId, newBook: true } });
  });

  it('importing the same package twice changes nothing', async () => {
    const a = await repo();
    await seedBook(a);
    const pkg = await exportBytes(a);
    const b = await repo();
    await importBytes(b, pkg);
    const before = await snapshot(b);
    const again = await importBytes(b, pkg);
    expect(again).toMatchObject({
      changed: false,
      fieldsTaken: 0,
      conflicts: 0,
      entriesAdded: 0,
      eventsAdded: 0,
    });
    expect(await snapshot(b)).toBe(before);
    // And A importing its own package back changes nothing either.
    const aBefore = await snapshot(a);
    expect((await importBytes(a, pkg)).changed).toBe(false);
    expect(await snapshot(a)).toBe(aBefore);
  });

  it('a package whose every event is held here is answered from its manifest: nothing read, nothing changed', async () => {
    const a = await repo();
    await seedBook(a);
    const pkg = await exportBytes(a);
    const b = await repo();
    await importBytes(b, pkg);
    const before = await snapshot(b);
    // Even with an image damaged in this copy: nothing it carries is new here, so nothing is read from it.
    const damagedCopy = await rezip(pkg, (f) => f.set('pages/p1/image', utf8('not the image')));
    expect(await importBytes(b, damagedCopy)).toMatchObject({ changed: false });
    expect(await snapshot(b)).toBe(before);
    // A machine that lacks it still refuses that copy.
    await expect(importBytes(await repo(), damagedCopy)).rejects.toThrow(/không khớp mã SHA-256/);
  });

  it('takes a value changed on one side only; keeps one changed here only', async () => {
    const { a, b } = await twoProfiles();
    await edit(b, 'e1', 'nksHoTen', 'Nguyễn Văn Ân', 'u2'); // changed on B only
    await edit(a, 'e2', 'meHoTen', 'Trần Thị Bích'); // changed on A only
    const r = await importBytes(a, await exportBytes(b));
    expect(r).toMatchObject({ changed: true, newBook: false, fieldsTaken: 1, conflicts: 0 });
    expect(await value(a, 'e1', 'nksHoTen')).toBe('Nguyễn Văn Ân');
    expect(await value(a, 'e2', 'meHoTen')).toBe('Trần Thị Bích');
    const taken = (await a.listEntries('b1')).find((e) => e.id === 'e1')?.fields['nksHoTen'];
    expect(taken?.changed).toMatchObject({ machineId: b.machineId, by: 'u2' });
    // The summaries follow the merged entry (the book list and search read them).
    const summary = (await a.listSummaries('b1')).find((s) => s.id === 'e1');
    expect(JSON.stringify(summary)).toContain('Nguyễn Văn Ân');
    expect(verifyChains(await a.listBookEvents('b1')).ok).toBe(true);
  });

  it('lists a value changed on both sides as a conflict and never overwrites it', async () => {
    const { a, b } = await twoProfiles();
    await edit(a, 'e1', 'nksHoTen', 'Nguyễn Văn Ấn');
    await edit(b, 'e1', 'nksHoTen', 'Nguyễn Văn Ân', 'u2');
    await edit(b, 'e2', 'so', '2a', 'u2');
    const pkg = await exportBytes(b);
    const r = await importBytes(a, pkg);
    expect(r).toMatchObject({ fieldsTaken: 1, conflicts: 1, conflictsOpen: 1 });
    expect(await value(a, 'e1', 'nksHoTen')).toBe('Nguyễn Văn Ấn');
    expect(await value(a, 'e2', 'so')).toBe('2a');
    const [c] = await a.listConflicts('b1');
    expect(c).toMatchObject({
      entryId: 'e1',
      field: 'nksHoTen',
      local: { value: 'Nguyễn Văn Ấn' },
      incoming: { value: 'Nguyễn Văn Ân' },
      fromMachineId: b.machineId,
    });
    // The same package again: nothing changes, the conflict stays listed once.
    const before = await snapshot(a);
    expect((await importBytes(a, pkg)).changed).toBe(false);
    expect(await snapshot(a)).toBe(before);
  });

  it('round trip: A → B, edits on both, B → A, conflict settled on A wins on B', async () => {
    const { a, b } = await twoProfiles();
    await edit(b, 'e1', 'nksHoTen', 'Nguyễn Văn Ân', 'u2');
    await edit(b, 'e2', 'meHoTen', 'Trần Thị Bích', 'u2');
    await edit(a, 'e2', 'meHoTen', 'Trần Thị Bính');
    await edit(a, 'e1', 'so', '01');
    const back = await importBytes(a, await exportBytes(b));
    expect(back).toMatchObject({ fieldsTaken: 1, conflicts: 1 });
    const [c] = await a.listConflicts('b1');
    expect(c?.field).toBe('meHoTen');
    // The person looks at the image and picks B's value.
    await a.resolveConflict(c!, 'incoming', ev('field.resolve', { userId: 'u1' }));
    expect(await a.listConflicts('b1')).toEqual([]);
    expect(await value(a, 'e2', 'meHoTen')).toBe('Trần Thị Bích');
    const resolved = (await a.listBookEvents('b1')).filter((e) => e.action === 'field.resolve');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ entryId: 'e2', field: 'meHoTen', machineId: a.machineId });
    // A's package back to B: A's own change and the choice are taken, no conflict on B.
    const onB = await importBytes(b, await exportBytes(a));
    expect(onB).toMatchObject({ conflicts: 0, conflictsOpen: 0 });
    // A's "so"; the settled value is B's own already (same content: nothing to take).
    expect(onB.fieldsTaken).toBe(1);
    for (const r of [a, b]) {
      expect(await value(r, 'e1', 'nksHoTen')).toBe('Nguyễn Văn Ân');
      expect(await value(r, 'e1', 'so')).toBe('01');
      expect(await value(r, 'e2', 'meHoTen')).toBe('Trần Thị Bích');
      expect(verifyChains(await r.listBookEvents('b1')).ok).toBe(true);
    }
    // Both machines now hold the same entries and the same chains.
    const strip = async (r: Repository) =>
      JSON.stringify(
        (await r.listEntries('b1'))
          .sort((x, y) => x.id.localeCompare(y.id))
          .map((e) => Object.entries(e.fields).map(([k, f]) => [k, f.value, f.flags])),
      );
    expect(await strip(a)).toBe(await strip(b));
    // B holds every event of A's chain, and A every event of B's chain up to B's export.
    const hashes = async (r: Repository, machineId: string) =>
      new Set((await r.listBookEvents('b1')).filter((e) => e.machineId === machineId).map((e) => e.hash));
    const aOnB = await hashes(b, a.machineId);
    for (const h of await hashes(a, a.machineId)) expect(aOnB.has(h)).toBe(true);
  });

  it("the book's record: a setting, an acceptance record and a note made on one side arrive; both sides' setting stays here", async () => {
    const { a, b } = await twoProfiles();
    const bookB = (await b.getBook('b1'))!;
    const acceptance = {
      id: 'acc1',
      level: 'Xã',
      userId: 'u2',
      userName: 'Giám sát',
      role: 'supervisor' as const,
      drawnAt: 2000,
      lotSize: 2,
      aql: 2.5,
      plan: { codeLetter: 'A' as const, planLetter: 'A' as const, sampleSize: 2, accept: 0, reject: 1 },
      seed: 7,
      sampleIds: ['e1', 'e2'],
      marks: {},
      decidedAt: 3000,
      decision: { accepted: true, defects: 0, sampleSize: 2, errorRate: 0 },
      moved: ['e1', 'e2'],
    };
    const note = { at: 2500, userId: 'u2', userName: 'Giám sát', text: 'Trang 2 bị ố' };
    await b.putBook(
      { ...bookB, doubleKeying: true, checkerCorrections: true, acceptances: [acceptance], notes: [note] },
      ev('book.update', { userId: 'u2', after: { doubleKeying: true, checkerCorrections: true } }),
    );
    const bookA = (await a.getBook('b1'))!;
    await a.putBook(
      { ...bookA, checkerCorrections: false, paperSize: 'A3' },
      ev('book.update', { after: { checkerCorrections: false, paperSize: 'A3' } }),
    );
    const fromB = await exportBytes(b);
    const back = await importBytes(a, fromB);
    expect(back).toMatchObject({ changed: true, bookUpdated: true, conflicts: 0 });
    const merged = (await a.getBook('b1'))!;
    expect(merged.doubleKeying).toBe(true); // changed on B only
    expect(merged.paperSize).toBe('A3'); // changed on A only
    expect(merged.checkerCorrections).toBe(false); // changed on both: A's stays
    expect(merged.acceptances.map((x) => [x.id, x.decision?.accepted])).toEqual([['acc1', true]]);
    expect(merged.notes).toEqual([note]);
    const imported = (await a.listBookEvents('b1')).filter(
      (e) => e.action === 'package.import' && e.machineId === a.machineId,
    );
    expect(imported.at(-1)?.after).toMatchObject({
      book: { settings: ['doubleKeying'], acceptances: 1, notes: 1 },
    });
    // The same package again: nothing.
    expect(await importBytes(a, fromB)).toMatchObject({ changed: false });
  });

  it('a stale copy written again (the desk keeps its own copy) never puts back an older stamp', async () => {
    const { a, b } = await twoProfiles();
    const stale = (await b.listEntries('b1')).find((e) => e.id === 'e1')!;
    const typed = {
      ...stale,
      fields: { ...stale.fields, nksHoTen: { ...stale.fields['nksHoTen']!, value: 'Nguyễn Văn Ân' } },
    };
    const [saved] = (
      await b.saveEntries({ put: [typed], events: [ev('field.edit', { entryId: 'e1', field: 'nksHoTen' })] })
    ).entries;
    // The desk writes its copy again (confirm), still holding the stamp it had before the first write.
    const again = {
      ...typed,
      revision: saved!.revision,
      fields: { ...typed.fields, nksHoTen: { ...typed.fields['nksHoTen'], confirmed: true } },
    };
    await b.saveEntries({
      put: [
        {
          ...again,
          fields: { ...again.fields, nksHoTen: { ...again.fields['nksHoTen'], confirmed: false } },
        },
      ],
      events: [ev('field.confirm', { entryId: 'e1', field: 'nksHoTen' })],
    });
    const stored = (await b.listEntries('b1')).find((e) => e.id === 'e1')!;
    expect(stored.fields['nksHoTen']?.changed?.machineId).toBe(b.machineId);
    expect(stored.fields['nksHoTen']?.changed?.seq).toBe(saved!.fields['nksHoTen']?.changed?.seq);
    // So A takes it (changed on B only) instead of listing a conflict.
    expect(await importBytes(a, await exportBytes(b))).toMatchObject({ fieldsTaken: 1, conflicts: 0 });
  });

  it('state changed on both sides is a conflict on the entry, not a silent overwrite', async () => {
    const { a, b } = await twoProfiles();
    const setState = async (r: Repository, state: 'keyed' | 'verified') => {
      const e = (await r.listEntries('b1')).find((x) => x.id === 'e1')!;
      await r.saveEntries({
        put: [{ ...e, state }],
        events: [ev('entry.state', { entryId: 'e1', before: e.state, after: state })],
      });
    };
    await setState(a, 'keyed');
    await setState(b, 'verified');
    const r = await importBytes(a, await exportBytes(b));
    expect(r.conflicts).toBe(1);
    const [c] = await a.listConflicts('b1');
    expect(c).toMatchObject({
      field: ENTRY_ATTRS,
      local: { state: 'keyed' },
      incoming: { state: 'verified' },
    });
    expect((await a.listEntries('b1')).find((x) => x.id === 'e1')?.state).toBe('keyed');
  });

  it('an entry deleted there goes here unless changed here; an entry added there arrives', async () => {
    const { a, b } = await twoProfiles();
    const e2 = (await b.listEntries('b1')).find((x) => x.id === 'e2')!;
    await b.saveEntries({ remove: ['e2'], events: [ev('entry.delete', { entryId: 'e2', before: null })] });
    const added = { ...e2, id: 'e3', order: 2, revision: 0 };
    await b.saveEntries({ put: [added], events: [ev('entry.add', { entryId: 'e3' })] });
    const r = await importBytes(a, await exportBytes(b));
    expect(r).toMatchObject({ entriesRemoved: 1, entriesAdded: 1 });
    expect((await a.listEntries('b1')).map((e) => e.id).sort()).toEqual(['e1', 'e3']);
    expect((await a.getCounters('b1')).entries).toBeDefined();
    // Importing B's package again does not bring e2 back nor add e3 twice.
    expect((await importBytes(a, await exportBytes(b))).entriesAdded).toBe(0);
  });

  it('refuses a package whose copy of a chain differs from the one stored here, changing nothing', async () => {
    const { a, b } = await twoProfiles();
    // A forged copy of A's chain: an event rewritten and the whole chain re-sealed, so it verifies on its own.
    const forged = await rezip(await exportBytes(a), (f) => {
      const name = 'audit/chain-1.jsonl';
      let prev = ZERO_HASH;
      const events = text(f.get(name))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as AuditEvent)
        .map((e) => {
          const body = { ...e, prevHash: prev, userId: e.action === 'page.ocr' ? 'someone-else' : e.userId };
          const sealed = { ...body, hash: eventHash(body) };
          prev = sealed.hash;
          return sealed;
        });
      const bytes = utf8(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      f.set(name, bytes);
      const m = JSON.parse(text(f.get('manifest.json'))) as Manifest;
      const member = m.members.find((x) => x.name === name)!;
      member.size = bytes.length;
      member.sha256 = createHash('sha256').update(bytes).digest('hex');
      const head = events[events.length - 1]!;
      m.base.chains[a.machineId] = { seq: head.seq, hash: head.hash };
      f.set('manifest.json', utf8(JSON.stringify(m)));
    });
    const before = await snapshot(b);
    await expect(importBytes(b, forged)).rejects.toThrow(/khác với bản máy này đã có/);
    expect(await snapshot(b)).toBe(before);
  });
});
