/// <reference types="svelte" />
/**
 * Blind double keying over the real Repository on fake-indexeddb: SecondKeyingState's queue (book setting on,
 * not the first keyer's entries, not the checker's until keyed twice), the draft kept across a reload, one write
 * at the end (entry.key2, the agreement's field.check marks, the state move), the third person resolving a
 * difference on CheckState (neither keyer may), full agreement verifying at once, and the first keyer's later
 * edit dropping the second keying.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains, type AuditDraft } from '../../../src/domain/records/audit';
import { emptyEntry, type Entry, type FieldValue } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { REGISTERS } from '../../../src/domain/registers';
import type { Actor } from '../../../src/domain/workflow';
import { describeChange } from '../../../src/state/audit-text';
import { BookSession } from '../../../src/state/book-session.svelte';
import { CheckState } from '../../../src/state/check.svelte';
import { draftKey, SecondKeyingState } from '../../../src/state/second-keying.svelte';
import { WorkState } from '../../../src/state/work.svelte';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import { testBook, testEvent } from '../helpers/records';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

const ANN: Actor = { userId: 'ann', role: 'operator' };
const BOB: Actor = { userId: 'bob', role: 'operator' };
const CID: Actor = { userId: 'cid', role: 'checker' };
const SUP: Actor = { userId: 'sup', role: 'supervisor' };
const KEYS = REGISTERS.KT.fields.map((f) => f.key);
const A_VALUES: Record<string, string> = { so: '7', nktHoTen: 'Lê Văn Thiên', nktGioiTinh: 'Nam' };

function keyedEntry(id: string, order: number): Entry {
  const fields: Record<string, FieldValue> = {};
  for (const k of KEYS)
    fields[k] = {
      value: A_VALUES[k] ?? '',
      flags: [],
      source: 'keyed',
      confirmed: true,
      ...(k === 'nktHoTen'
        ? { region: { pageId: 'p1', box: [10, 30, 60, 8] as [number, number, number, number] } }
        : {}),
    };
  return {
    ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KT', order }, id),
    state: 'keyed',
    keyedBy: 'ann',
    fields,
  };
}

async function setup() {
  const repo = await openRepository({ name: `double-keying-test-${++n}` });
  repos.push(repo);
  const book = testBook('b1', 'KT', 2019);
  const ev = (action: AuditDraft['action'], pageId: string | null = null): AuditDraft =>
    testEvent(action, { pageId, at: 1 });
  await repo.putBook(book, ev('book.create'));
  const page = newPage(
    {
      bookId: 'b1',
      order: 0,
      fileName: 'a.jpg',
      originalId: 'o',
      pdfPage: null,
      width: 100,
      height: 100,
      warnings: [],
    },
    'p1',
  );
  await repo.addPage(
    page,
    { pageId: 'p1', bookId: 'b1', image: new Blob(['x']), thumb: new Blob([]) },
    ev('page.import', 'p1'),
  );
  await repo.saveEntries({ put: [keyedEntry('e1', 0), keyedEntry('e2', 1)], events: [] });
  let actor: Actor = SUP;
  const writer = new EntryWriter(repo, () => actor);
  const session = new BookSession(repo, writer);
  const work = new WorkState(repo, session, writer, () => actor);
  const check = new CheckState(repo, session, writer, () => actor);
  const key2 = new SecondKeyingState(repo, session, writer, () => actor);
  await session.open(book);
  await work.open();
  return { repo, session, writer, work, check, key2, as: (a: Actor) => (actor = a) };
}

const stored = async (repo: Repository, id: string): Promise<Entry | undefined> =>
  (await repo.listPageEntries('p1')).find((e) => e.id === id);

/** Types `values` blind (every other field left empty) into the entry on screen. */
function typeAll(key2: SecondKeyingState, values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) key2.setValue(k, v);
}

describe('blind double keying', () => {
  it('queues, keeps the draft over a reload, compares in one write and lets only a third person resolve', async () => {
    const { repo, session, writer, check, key2, as } = await setup();
    // Off: nothing waits, the checker sees the keyed entries as usual.
    as(BOB);
    expect(key2.refusal).toBe('Sổ này không nhập hai lần.');
    as(CID);
    expect(check.queue.map((s) => s.id)).toEqual(['e1', 'e2']);
    // A checker may not turn it on; a supervisor may (audited).
    await check.setDoubleKeying(true);
    expect(session.book?.doubleKeying).toBe(false);
    as(SUP);
    await check.setDoubleKeying(true);
    expect((await repo.getBook('b1'))?.doubleKeying).toBe(true);
    as(CID);
    expect(check.queue).toEqual([]); // keyed once: waiting for the second keying, not for the checker
    // (The app's actor is reactive; here a desk is made for each other user.)
    const annDesk = new SecondKeyingState(repo, session, writer, () => ANN);
    expect(annDesk.queue).toEqual([]);
    expect(annDesk.ownCount).toBe(2);

    as(BOB);
    expect(key2.queue.map((s) => s.id)).toEqual(['e1', 'e2']);
    await key2.open();
    expect(key2.entryId).toBe('e1');
    // Blind: every input empty, no value of the first keying anywhere on the state the screen reads.
    expect(Object.values(key2.values).every((v) => v === '')).toBe(true);
    expect(JSON.stringify({ ...key2.values, boxes: key2.boxes, defs: key2.defs })).not.toContain('Thiên');
    expect(key2.crop?.kind).toBe('line'); // the first field has no box: the strip of the nearest boxed field
    typeAll(key2, { so: '7', nktHoTen: 'Lê Văn Thiện' });

    // A reload: a new desk over the same storage finds the draft (settings store), not yet on the entry.
    await key2.saved();
    const again = new SecondKeyingState(repo, session, writer, () => BOB);
    await again.open();
    expect(again.values['nktHoTen']).toBe('Lê Văn Thiện');
    expect((await stored(repo, 'e1'))?.second).toBeUndefined();
    again.setValue('nktGioiTinh', 'Nam');
    await again.finish();

    const e = await stored(repo, 'e1');
    expect(e?.state).toBe('keyed2');
    expect(e?.second).toMatchObject({ by: 'bob', differ: ['nktHoTen'], compared: 3 });
    expect(e?.fields['nktHoTen']?.value).toBe('Lê Văn Thiên');
    expect(e?.fields['so']?.check).toMatchObject({ verdict: 'ok', by: 'bob', via: 'double-keying' });
    expect(await repo.getSetting(draftKey('e1', 'bob'))).toBeNull();
    expect(again.lastResult).toMatchObject({ entryId: 'e1', differ: 1, compared: 3, verified: false });
    expect(again.entryId).toBe('e2'); // on to the next entry
    let events = await repo.listBookEvents('b1');
    const k2 = events.find((x) => x.action === 'entry.key2');
    expect(k2 && describeChange(k2, 'KT').after).toBe('2/3 trường khớp; khác: Họ, chữ đệm, tên người chết');
    expect(events.filter((x) => x.action === 'field.check' && x.userId === 'bob')).toHaveLength(
      KEYS.length - 1,
    );
    expect(
      events.filter((x) => x.action === 'entry.state').map((x) => [x.before, x.after, x.userId]),
    ).toEqual([['keyed', 'keyed2', 'bob']]);

    // Neither keyer gets it on the checker's desk; the third person does, at the field the keyings differ on.
    expect(new CheckState(repo, session, writer, () => BOB).refusal).not.toBeNull(); // operators do not check
    const bobChecking = new CheckState(repo, session, writer, () => ({ userId: 'bob', role: 'checker' }));
    expect(bobChecking.queue).toEqual([]);
    expect(bobChecking.ownCount).toBe(1);
    as(CID);
    expect(check.queue.map((s) => s.id)).toEqual(['e1']);
    expect(check.bookAgreement).toEqual({ agreed: 2, compared: 3, rate: 2 / 3 });
    await check.open();
    expect(check.focusedKey).toBe('nktHoTen');
    expect(check.disagreement).toEqual({
      key: 'nktHoTen',
      first: 'Lê Văn Thiên',
      second: 'Lê Văn Thiện',
      decided: false,
    });
    await check.accept(); // Enter does not pick a side
    expect(check.actionError).toMatch(/Hai lần nhập khác nhau/);
    await check.takeSecond();
    const done = await stored(repo, 'e1');
    expect(done?.state).toBe('verified');
    expect(done?.fields['nktHoTen']).toMatchObject({
      value: 'Lê Văn Thiện',
      source: 'checked',
      check: { verdict: 'wrong', reason: 'diacritics', corrected: 'Lê Văn Thiên', by: 'cid' },
    });
    events = await repo.listBookEvents('b1');
    expect(events.find((x) => x.action === 'field.edit')).toMatchObject({
      userId: 'cid',
      before: 'Lê Văn Thiên',
      after: 'Lê Văn Thiện',
      note: 'lấy giá trị lần hai',
    });
    expect(verifyChains(events).ok).toBe(true);
  });

  it('verifies at once when both keyings agree everywhere', async () => {
    const { repo, session, writer, check, key2, as } = await setup();
    as(SUP);
    await check.setDoubleKeying(true);
    as(BOB);
    await key2.open();
    typeAll(key2, A_VALUES);
    await key2.finish();
    const e = await stored(repo, 'e1');
    expect(e?.state).toBe('verified');
    expect(KEYS.every((k) => e?.fields[k]?.check?.via === 'double-keying')).toBe(true);
    const events = await repo.listBookEvents('b1');
    expect(events.filter((x) => x.action === 'entry.state').map((x) => [x.before, x.after])).toEqual([
      ['keyed', 'keyed2'],
      ['keyed2', 'verified'],
    ]);
    expect(verifyChains(events).ok).toBe(true);

    // A rejected acceptance sends it back to checking (keyed, second keying kept): the checker's, not a new keying.
    const back = { ...e!, state: 'keyed' as const };
    await repo.saveEntries({ put: [back], events: [testEvent('entry.state', { at: 2 })] });
    expect(key2.queue.map((s) => s.id)).toEqual(['e2']);
    as(CID);
    const desk = new CheckState(repo, session, writer, () => CID);
    expect(desk.queue.map((s) => s.id)).toEqual(['e1']);
    await desk.open();
    expect(desk.disagreement).toBeNull();
  });

  it('the first keyer may not key it again; a later edit by the first keyer drops the second keying', async () => {
    const { repo, check, work, key2, as } = await setup();
    as(SUP);
    await check.setDoubleKeying(true);
    as(ANN);
    await key2.show('e1'); // reached by hand: finishing is refused, nothing written
    await key2.finish();
    expect(key2.actionError).toBe('Người đã nhập lần một không được nhập lần hai mục này.');
    expect((await stored(repo, 'e1'))?.state).toBe('keyed');

    as(BOB);
    await key2.open();
    typeAll(key2, { so: '8', nktHoTen: 'Lê Văn Thiên', nktGioiTinh: 'Nam' });
    await key2.finish();
    // The third person returns it (the number cannot be read either way).
    as(CID);
    await check.open();
    expect(check.focusedKey).toBe('so');
    check.markWrong();
    await check.pickReason('number');
    expect((await stored(repo, 'e1'))?.state).toBe('returned');

    // The first keyer fixes the number: the second keying no longer counts, the entry waits for a new one.
    as(ANN);
    await work.reload();
    await work.gotoEntry(work.entries.findIndex((x) => x.id === 'e1'));
    work.setValue('so', '9');
    await work.finishEntry();
    const e = await stored(repo, 'e1');
    expect(e).toMatchObject({ state: 'keyed', keyedBy: 'ann' });
    expect(e?.second).toBeUndefined();
    const events = await repo.listBookEvents('b1');
    const dropped = events.filter((x) => x.action === 'entry.key2' && x.after === null);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.userId).toBe('ann');
    as(BOB);
    expect(key2.queue.map((s) => s.id)).toContain('e1');
    expect(verifyChains(events).ok).toBe(true);
  });
});
