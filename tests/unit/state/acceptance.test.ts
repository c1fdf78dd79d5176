/// <reference types="svelte" />
/**
 * AcceptanceState (nghiệm thu) with the book session and the writer over the real Repository on fake-indexeddb:
 * the draw is stored on the book at once (a fresh session sees the same sample, redrawable from its seed); an
 * operator, or a supervisor who keyed an entry of the lot, is refused; the decision follows Ac / Re; accepted moves
 * every verified entry (sampled or not) to accepted, rejected returns only the defective ones with their notes; the
 * record and the moved entries are written in one transaction and the book's chain verifies.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptanceStatus, sentBackBy } from '../../../src/domain/acceptance/record';
import { drawSample } from '../../../src/domain/acceptance/sampling';
import { verifyChains } from '../../../src/domain/records/audit';
import { emptyEntry, type Entry } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { newUser, type Role, type User } from '../../../src/domain/records/user';
import { AcceptanceState } from '../../../src/state/acceptance.svelte';
import { BookSession } from '../../../src/state/book-session.svelte';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import { testBook, testEvent } from '../helpers/records';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

const user = (id: string, role: Role): User =>
  newUser({ name: `Người ${id}`, role, pin: null, createdBy: null }, id);
const SUPERVISOR = user('sup', 'supervisor');
const OTHER_SUPERVISOR = user('sup2', 'supervisor');
const OPERATOR = user('op', 'operator');
const SEED = 0x9e3779b9;

function entry(i: number, state: Entry['state'], keyedBy: string): Entry {
  const e = emptyEntry(
    { bookId: 'b1', pageId: 'p1', type: 'KT', order: i },
    `e${String(i).padStart(2, '0')}`,
  );
  return {
    ...e,
    state,
    keyedBy,
    fields: { so: { value: String(i + 1), flags: [], source: 'keyed', confirmed: true } },
  };
}

/** A KT book with 20 verified entries keyed by `op` (one keyed by `sup2`) and 2 still keyed. */
async function setup(aql?: number) {
  const repo = await openRepository({ name: `acceptance-test-${++n}` });
  repos.push(repo);
  const book = testBook('b1', 'KT', 2019);
  await repo.putBook(book, testEvent('book.create'));
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
    testEvent('page.import', { pageId: 'p1' }),
  );
  const entries = [
    ...Array.from({ length: 20 }, (_, i) => entry(i, 'verified', i === 19 ? 'sup2' : 'op')),
    entry(20, 'keyed', 'op'),
    entry(21, 'keyed', 'op'),
  ];
  await repo.saveEntries({ put: entries, events: [] });
  if (aql !== undefined) await repo.putSetting('acceptance', { levels: ['Cấp xã', 'Cấp tỉnh'], aql });
  let current: User = SUPERVISOR;
  const make = async () => {
    const writer = new EntryWriter(repo, () => ({ userId: current.id, role: current.role }));
    const session = new BookSession(repo, writer);
    const acc = new AcceptanceState(
      repo,
      session,
      writer,
      () => current,
      () => SEED,
    );
    await session.open((await repo.getBook('b1')) ?? null);
    await acc.open();
    return { acc, session, writer };
  };
  return { repo, make, as: (u: User) => (current = u) };
}

const states = async (repo: Repository): Promise<Record<string, string>> =>
  Object.fromEntries((await repo.listEntries('b1')).map((e) => [e.id, e.state]));

describe('AcceptanceState', () => {
  it('draws the sample from the verified entries with the plan, stores it at once and keeps it on reload', async () => {
    const { repo, make } = await setup();
    const { acc } = await make();
    expect(acc.lot).toHaveLength(20);
    expect(acc.plan).toEqual({ codeLetter: 'C', sampleSize: 13, accept: 0, reject: 1, planLetter: 'E' });
    await acc.draw();
    expect(acc.actionError).toBeNull();
    const rec = acc.current;
    expect(rec).toMatchObject({
      level: 'Cấp xã',
      lotSize: 20,
      aql: 1,
      seed: SEED,
      userId: 'sup',
      decision: null,
    });
    const lotIds = acc.lot.map((s) => s.id);
    expect(rec?.sampleIds).toEqual(drawSample(lotIds, 13, SEED));
    expect(rec?.sampleIds).toHaveLength(13);
    // Stored: a fresh session (a reload) sees the same record.
    const stored = await repo.getBook('b1');
    expect(stored?.acceptances).toHaveLength(1);
    const again = await make();
    expect(again.acc.current?.sampleIds).toEqual(rec?.sampleIds);
    // A second draw while one is open is refused.
    await again.acc.draw();
    expect(again.acc.actionError).toMatch(/Đã rút mẫu/);
    expect((await repo.getBook('b1'))?.acceptances).toHaveLength(1);
    const events = await repo.listBookEvents('b1');
    expect(events.filter((e) => e.action === 'book.sample')).toHaveLength(1);
    expect(verifyChains(events).ok).toBe(true);
  });

  it('refuses an operator, and a supervisor who keyed an entry of the lot', async () => {
    const { repo, make, as } = await setup();
    as(OPERATOR);
    const op = await make();
    expect(op.acc.refusal).toMatch(/Vai trò/);
    await op.acc.draw();
    expect(op.acc.actionError).toMatch(/Vai trò/);
    as(OTHER_SUPERVISOR);
    const s2 = await make();
    expect(s2.acc.ownInLot.map((s) => s.id)).toEqual(['e19']);
    await s2.acc.draw();
    expect(s2.acc.actionError).toMatch(/Bạn đã nhập 1 mục của sổ này \(số 20\)/);
    expect((await repo.getBook('b1'))?.acceptances).toEqual([]);
  });

  it('accepts a book without defects: every verified entry (sampled or not) → accepted, in one transaction', async () => {
    const { repo, make } = await setup();
    const { acc, session } = await make();
    await acc.draw();
    const ids = acc.current?.sampleIds ?? [];
    await acc.conclude();
    expect(acc.actionError).toBe('Còn mục mẫu chưa đánh giá.');
    for (const id of ids) await acc.mark(id, 'ok');
    await acc.conclude();
    expect(acc.actionError).toBeNull();
    const rec = acc.current;
    expect(rec && acceptanceStatus(rec)).toBe('accepted');
    expect(rec?.decision).toMatchObject({ accepted: true, defects: 0, sampleSize: 13, errorRate: 0 });
    const st = await states(repo);
    expect(Object.values(st).filter((s) => s === 'accepted')).toHaveLength(20);
    expect(st['e20']).toBe('keyed');
    expect(rec?.moved).toHaveLength(20);
    expect(acc.lot).toEqual([]);
    expect(session.book?.acceptances[0]?.decision?.accepted).toBe(true);
    expect((await repo.getBook('b1'))?.acceptances[0]?.decision?.accepted).toBe(true);
    const events = await repo.listBookEvents('b1');
    expect(events.filter((e) => e.action === 'book.inspect')).toHaveLength(13);
    const decided = events.findIndex((e) => e.action === 'book.accept');
    expect(events.slice(decided + 1).map((e) => [e.action, e.before, e.after])).toEqual(
      Array.from({ length: 20 }, () => ['entry.state', 'verified', 'accepted']),
    );
    expect(verifyChains(events).ok).toBe(true);
  });

  it('rejects at Re: the defective entry goes back to checking with its note, the others stay verified', async () => {
    const { repo, make } = await setup();
    const { acc } = await make();
    await acc.draw();
    const [bad, ...rest] = acc.current?.sampleIds ?? [];
    // The verified round left the checker's marks on the entry: going back to checking clears them.
    const before = (await repo.listEntries('b1')).find((e) => e.id === bad);
    await repo.saveEntries({
      put: [
        {
          ...before!,
          fields: {
            so: { ...before!.fields['so']!, check: { verdict: 'ok', by: 'chk', at: 1 } },
          },
        },
      ],
      events: [],
    });
    await acc.mark(bad ?? '', 'defect', '  ');
    expect(acc.actionError).toMatch(/Hãy ghi lỗi/);
    await acc.mark(bad ?? '', 'defect', 'Sai dấu tên người chết');
    for (const id of rest) await acc.mark(id, 'ok');
    await acc.conclude();
    const rec = acc.current;
    expect(rec && acceptanceStatus(rec)).toBe('rejected');
    expect(rec?.decision).toMatchObject({ accepted: false, defects: 1, sampleSize: 13 });
    expect(rec?.moved).toEqual([bad]);
    const st = await states(repo);
    expect(st[bad ?? '']).toBe('keyed');
    expect(Object.values(st).filter((s) => s === 'verified')).toHaveLength(19);
    const back = (await repo.listEntries('b1')).find((e) => e.id === bad);
    expect(back?.keyedBy).toBe('op');
    expect(back?.fields['so']?.check).toBeUndefined();
    expect(sentBackBy((await repo.getBook('b1'))?.acceptances ?? [], bad ?? '')).toMatchObject({
      level: 'Cấp xã',
      note: 'Sai dấu tên người chết',
    });
    const events = await repo.listEntryEvents(bad ?? '');
    expect(events.at(-1)).toMatchObject({
      action: 'entry.state',
      before: 'verified',
      after: 'keyed',
      note: 'Nghiệm thu cấp xã không đạt, kiểm tra lại: Sai dấu tên người chết',
    });
    expect(verifyChains(await repo.listBookEvents('b1')).ok).toBe(true);
    // A new round at this level waits for the entry sent back to be checked again.
    expect(acc.gate).toBe(
      'Nghiệm thu cấp xã không đạt: còn 1 mục có lỗi đang được kiểm tra lại; rút mẫu lại khi chúng đã được kiểm tra.',
    );
    await acc.draw();
    expect(acc.actionError).toBe(acc.gate);
    expect((await repo.getBook('b1'))?.acceptances).toHaveLength(1);
    const again = (await repo.listEntries('b1')).find((e) => e.id === bad);
    await repo.saveEntries({ put: [{ ...again!, state: 'verified' }], events: [] });
    await expect.poll(() => acc.gate).toBeNull();
    await acc.draw();
    expect(acc.actionError).toBeNull();
    expect(acc.current?.decision).toBeNull();
    expect(acc.current?.lotSize).toBe(20);
  });

  it('the province level samples the entries the commune accepted, only after the commune accepted', async () => {
    const { repo, make } = await setup();
    const { acc } = await make();
    acc.level = 'Cấp tỉnh';
    expect(acc.lot).toEqual([]);
    expect(acc.gate).toBe('Sổ chưa nghiệm thu đạt cấp xã: hãy nghiệm thu cấp xã trước.');
    await acc.draw();
    expect(acc.actionError).toMatch(/chưa nghiệm thu đạt cấp xã/);
    acc.level = 'Cấp xã';
    await acc.draw();
    for (const id of acc.current?.sampleIds ?? []) await acc.mark(id, 'ok');
    await acc.conclude();
    expect(acc.current?.decision?.accepted).toBe(true);
    // A fresh screen opens at the province level: the next one to do.
    const again = await make();
    expect(again.acc.level).toBe('Cấp tỉnh');
    expect(again.acc.gate).toBeNull();
    expect(again.acc.lot).toHaveLength(20);
    await again.acc.draw();
    const [bad, ...rest] = again.acc.current?.sampleIds ?? [];
    await again.acc.mark(bad ?? '', 'defect', 'Sai năm sinh');
    for (const id of rest) await again.acc.mark(id, 'ok');
    await again.acc.conclude();
    expect(again.acc.current?.decision?.accepted).toBe(false);
    const st = await states(repo);
    expect(st[bad ?? '']).toBe('keyed');
    expect(Object.values(st).filter((s) => s === 'accepted')).toHaveLength(19);
    // The next province round waits for the entry to be checked again, then for the commune to accept it again.
    expect(again.acc.gate).toMatch(/^Nghiệm thu cấp tỉnh không đạt: còn 1 mục có lỗi đang được kiểm tra lại/);
    const back = (await repo.listEntries('b1')).find((e) => e.id === bad);
    await repo.saveEntries({ put: [{ ...back!, state: 'verified' }], events: [] });
    await expect
      .poll(() => again.acc.gate)
      .toBe('Còn 1 mục đã kiểm tra chưa nghiệm thu cấp xã: hãy nghiệm thu cấp xã trước.');
    const events = await repo.listEntryEvents(bad ?? '');
    expect(events.at(-1)).toMatchObject({ before: 'accepted', after: 'keyed' });
    expect(verifyChains(await repo.listBookEvents('b1')).ok).toBe(true);
  });

  it('accepts with one defect when the plan allows it (AQL 10 %: n = 5, Ac 1, Re 2)', async () => {
    const { repo, make } = await setup(10);
    const { acc } = await make();
    expect(acc.plan).toMatchObject({ sampleSize: 5, accept: 1, reject: 2 });
    await acc.draw();
    const [bad, ...rest] = acc.current?.sampleIds ?? [];
    await acc.mark(bad ?? '', 'defect', 'Thiếu ngày chết');
    for (const id of rest) await acc.mark(id, 'ok');
    await acc.conclude();
    expect(acc.current?.decision).toMatchObject({ accepted: true, defects: 1, errorRate: 0.2 });
    expect(Object.values(await states(repo)).filter((s) => s === 'accepted')).toHaveLength(20);
  });

  it('refuses to accept a book holding an entry the supervisor keyed (nothing moves)', async () => {
    const { repo, make } = await setup();
    const { acc } = await make();
    await acc.draw();
    for (const id of acc.current?.sampleIds ?? []) await acc.mark(id, 'ok');
    // Meanwhile an entry keyed by the supervisor became verified (another tab).
    await repo.saveEntries({ put: [{ ...entry(22, 'verified', 'sup') }], events: [] });
    await acc.conclude();
    expect(acc.actionError).toMatch(/Bạn đã nhập 1 mục của sổ này \(số 23\)/);
    expect(acc.current?.decision).toBeNull();
    expect(Object.values(await states(repo)).filter((s) => s === 'accepted')).toHaveLength(0);
  });

  it('stores the levels edited in Settings (supervisor or admin, checked), a fresh session reads them', async () => {
    const { repo, make, as } = await setup();
    as(OPERATOR);
    const op = await make();
    await op.acc.saveLevels(['Cấp xã', 'Cấp huyện', 'Cấp tỉnh']);
    expect(op.acc.levelsMessage?.ok).toBe(false);
    expect(op.acc.levelsMessage?.text).toMatch(/Chỉ người nghiệm thu/);
    expect(await repo.getSetting('acceptance')).toBeUndefined();
    as(SUPERVISOR);
    const { acc } = await make();
    await acc.saveLevels(['Cấp xã', 'cấp XA']);
    expect(acc.levelsMessage).toEqual({ ok: false, text: '“cấp XA” trùng với cấp thứ 1.', index: 1 });
    expect(acc.levels).toEqual(['Cấp xã', 'Cấp tỉnh']);
    await acc.saveLevels([' Cấp xã', 'Cấp huyện'.normalize('NFD'), 'Cấp tỉnh ']);
    expect(acc.levelsMessage).toMatchObject({ ok: true, text: 'Đã lưu: Cấp xã → Cấp huyện → Cấp tỉnh.' });
    expect(await repo.getSetting('acceptance')).toEqual({
      levels: ['Cấp xã', 'Cấp huyện', 'Cấp tỉnh'],
      aql: 1,
    });
    const again = await make();
    expect(again.acc.levels).toEqual(['Cấp xã', 'Cấp huyện', 'Cấp tỉnh']);
    // The district level now comes between: the province waits for it.
    again.acc.level = 'Cấp tỉnh';
    expect(again.acc.gate).toBe('Sổ chưa nghiệm thu đạt cấp huyện: hãy nghiệm thu cấp huyện trước.');
  });
});
