/// <reference types="svelte" />
/**
 * CheckState (the checker's desk) with the book session, the writer and the desk over the real Repository on
 * fake-indexeddb: the queue leaves out the checker's own entries and is empty for an operator; accepting every
 * field verifies the entry; one field marked wrong returns it with its reason (the field un-confirmed); the
 * operator's fix sends it back to keyed with the marks cleared; a correction allowed by the book is source
 * 'checked'; every decision has its events in the book's verifiable chain.
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
import { WorkState } from '../../../src/state/work.svelte';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import { testBook, testEvent } from '../helpers/records';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

const OPERATOR: Actor = { userId: 'op', role: 'operator' };
const CHECKER: Actor = { userId: 'chk', role: 'checker' };
const KEYS = REGISTERS.KT.fields.map((f) => f.key);

const keyedField = (value: string, box?: [number, number, number, number]): FieldValue => ({
  value,
  flags: [],
  source: 'keyed',
  confirmed: true,
  ...(box ? { region: { pageId: 'p1', box } } : {}),
});

/** A KT entry keyed by `keyedBy`: every field confirmed, a few with a value and a box. */
function keyedEntry(
  id: string,
  order: number,
  keyedBy: string | null,
  state: Entry['state'] = 'keyed',
): Entry {
  const fields: Record<string, FieldValue> = {};
  for (const k of KEYS) fields[k] = keyedField('');
  fields['so'] = keyedField(String(order + 1), [10, 10, 20, 8]);
  fields['nktHoTen'] = {
    ...keyedField('Nguyễn Thị Hòa', [10, 30, 60, 8]),
    ocr: { text: 'Nguyễn Thi Hoa', confidence: 0.6 },
  };
  return {
    ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KT', order }, id),
    state,
    keyedBy,
    fields,
  };
}

async function setup(): Promise<{
  repo: Repository;
  check: CheckState;
  work: WorkState;
  session: BookSession;
  writer: EntryWriter;
  as: (a: Actor) => void;
}> {
  const repo = await openRepository({ name: `check-test-${++n}` });
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
  await repo.saveEntries({
    put: [keyedEntry('e1', 0, 'op'), keyedEntry('e2', 1, 'chk'), keyedEntry('e3', 2, null, 'prefilled')],
    events: [],
  });
  let actor: Actor = CHECKER;
  const writer = new EntryWriter(repo, () => actor);
  const session = new BookSession(repo, writer);
  const work = new WorkState(repo, session, writer, () => actor);
  const check = new CheckState(repo, session, writer, () => actor);
  await session.open(book);
  await work.open();
  return { repo, check, work, session, writer, as: (a) => (actor = a) };
}

const stored = async (repo: Repository, id: string): Promise<Entry | undefined> =>
  (await repo.listPageEntries('p1')).find((e) => e.id === id);

describe('CheckState', () => {
  it('queues the entries keyed by someone else; an operator gets a refusal and no queue', async () => {
    const { repo, check, session, writer } = await setup();
    expect(check.refusal).toBeNull();
    expect(check.queue.map((s) => s.id)).toEqual(['e1']);
    expect(check.ownCount).toBe(1);
    await check.open();
    expect(check.entry?.id).toBe('e1');
    expect(check.focusedKey).toBe(KEYS[0]);

    // (The app's actor is reactive; here a desk is made for the operator.)
    const desk = new CheckState(repo, session, writer, () => OPERATOR);
    expect(desk.refusal).toBe('Vai trò của bạn không được làm việc này.');
    expect(desk.queue).toEqual([]);
    expect(desk.ownCount).toBe(0);
  });

  it('refuses decisions on an entry the checker keyed, writing nothing', async () => {
    const { repo, check } = await setup();
    await check.show('e2');
    const before = (await repo.listBookEvents('b1')).length;
    await check.accept();
    expect(check.actionError).toBe('Người đã nhập mục này không được tự kiểm tra hay nghiệm thu nó.');
    expect((await repo.listBookEvents('b1')).length).toBe(before);
    expect((await stored(repo, 'e2'))?.fields['so']?.check).toBeUndefined();
  });

  it('verifies an entry once every field is accepted, one field.check event each', async () => {
    const { repo, check } = await setup();
    await check.open();
    for (let i = 0; i < KEYS.length; i++) await check.accept();
    const e = await stored(repo, 'e1');
    expect(e?.state).toBe('verified');
    expect(e?.keyedBy).toBe('op');
    for (const k of KEYS) expect(e?.fields[k]?.check).toMatchObject({ verdict: 'ok', by: 'chk' });
    const events = await repo.listBookEvents('b1');
    const checks = events.filter((x) => x.action === 'field.check');
    expect(checks.map((x) => x.field)).toEqual(KEYS);
    expect(checks.every((x) => x.userId === 'chk' && x.role === 'checker')).toBe(true);
    const state = events.filter((x) => x.action === 'entry.state');
    expect(state.map((x) => [x.before, x.after, x.note])).toEqual([
      ['keyed', 'verified', 'Đã kiểm tra: mọi trường đúng'],
    ]);
    // The last decision and the state move were written in one transaction: nothing after the state event.
    expect(events[events.length - 1]?.action).toBe('entry.state');
    expect(verifyChains(events).ok).toBe(true);
    expect(check.queue).toEqual([]);
    expect(check.entry).toBeNull();
  });

  it('returns an entry with a wrong field and its reason; the fix sends it back; the next round verifies it', async () => {
    const { repo, check, work, as } = await setup();
    await check.open();
    for (const k of KEYS) {
      if (k === 'nktHoTen') {
        check.markWrong();
        await check.pickReason('diacritics');
      } else await check.accept();
    }
    let e = await stored(repo, 'e1');
    expect(e?.state).toBe('returned');
    expect(e?.fields['nktHoTen']).toMatchObject({
      value: 'Nguyễn Thị Hòa',
      confirmed: false,
      check: { verdict: 'wrong', reason: 'diacritics', by: 'chk' },
    });
    expect(e?.fields['so']?.check?.verdict).toBe('ok');
    let events = await repo.listBookEvents('b1');
    const ret = events.find((x) => x.action === 'entry.state' && x.after === 'returned');
    expect(ret?.note).toBe('Trả lại: Họ, chữ đệm, tên người chết: Sai dấu');
    // The history reads the round in words.
    expect(ret && describeChange(ret, 'KT')).toEqual({
      before: 'Đã nhập',
      after: 'Bị trả lại — Trả lại: Họ, chữ đệm, tên người chết: Sai dấu',
    });
    const wrong = events.find((x) => x.action === 'field.check' && x.field === 'nktHoTen');
    expect(wrong && describeChange(wrong, 'KT')).toEqual({ before: 'chưa kiểm tra', after: 'Sai dấu' });
    expect(events.filter((x) => x.action === 'field.confirm' && x.note === 'trả lại để sửa')).toHaveLength(1);

    // The operator fixes the field and finishes: keyed again, the round's marks cleared.
    as(OPERATOR);
    await work.reload();
    const i = work.entries.findIndex((x) => x.id === 'e1');
    await work.gotoEntry(i);
    expect(work.entry?.state).toBe('returned');
    work.setValue('nktHoTen', 'Nguyễn Thị Hoà');
    await work.finishEntry();
    e = await stored(repo, 'e1');
    expect(e).toMatchObject({ state: 'keyed', keyedBy: 'op' });
    expect(Object.values(e?.fields ?? {}).some((f) => f.check)).toBe(false);
    expect(e?.fields['nktHoTen']?.value).toBe('Nguyễn Thị Hoà');

    // Second round: the checker accepts everything.
    as(CHECKER);
    await check.open();
    expect(check.entry?.id).toBe('e1');
    expect(check.focusedKey).toBe(KEYS[0]);
    for (let k = 0; k < KEYS.length; k++) await check.accept();
    expect((await stored(repo, 'e1'))?.state).toBe('verified');
    events = await repo.listBookEvents('b1');
    expect(
      events.filter((x) => x.action === 'entry.state' && x.entryId === 'e1').map((x) => [x.before, x.after]),
    ).toEqual([
      ['keyed', 'returned'],
      ['returned', 'keyed'],
      ['keyed', 'verified'],
    ]);
    expect(verifyChains(events).ok).toBe(true);
  });

  it('lets a checker correct a value when the book allows it (source checked), and verifies the entry', async () => {
    const { repo, check, session, as } = await setup();
    as({ userId: 'sup', role: 'supervisor' });
    await check.setCorrections(true);
    expect(session.book?.checkerCorrections).toBe(true);
    expect((await repo.getBook('b1'))?.checkerCorrections).toBe(true);
    as(CHECKER);
    await check.setCorrections(false); // a checker may not change the setting
    expect(session.book?.checkerCorrections).toBe(true);
    await check.open();
    for (const k of KEYS) {
      if (k === 'nktHoTen') {
        check.markWrong();
        await check.pickReason('diacritics');
        expect(check.marking?.reason).toBe('diacritics');
        await check.correct('Nguye\u0302\u0303n Thi\u0323 Hoa\u0300'); // NFD in, NFC stored
      } else await check.accept();
    }
    const e = await stored(repo, 'e1');
    expect(e?.state).toBe('verified');
    expect(e?.fields['nktHoTen']).toMatchObject({
      value: 'Nguyễn Thị Hoà',
      source: 'checked',
      check: { verdict: 'wrong', reason: 'diacritics', corrected: 'Nguyễn Thị Hòa' },
    });
    const events = await repo.listBookEvents('b1');
    expect(events.find((x) => x.action === 'book.update')).toMatchObject({
      userId: 'sup',
      before: { checkerCorrections: false },
      after: { checkerCorrections: true },
    });
    const edit = events.find((x) => x.action === 'field.edit');
    expect(edit).toMatchObject({ field: 'nktHoTen', before: 'Nguyễn Thị Hòa', after: 'Nguyễn Thị Hoà' });
    expect(verifyChains(events).ok).toBe(true);
  });

  it('shows a field without a box at the page-wide strip of the nearest boxed field', async () => {
    const { check } = await setup();
    await check.open();
    check.focus('nktHoTen');
    expect(check.crop).toMatchObject({ kind: 'field', box: [10, 30, 60, 8] });
    check.focus(KEYS[KEYS.indexOf('nktHoTen') + 1] ?? '');
    expect(check.crop).toMatchObject({ kind: 'line', nearKey: 'nktHoTen', pageId: 'p1' });
    expect(check.crop?.box[2]).toBe(100);
  });
});
