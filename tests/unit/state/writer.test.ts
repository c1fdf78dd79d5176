/// <reference types="svelte" />
/**
 * EntryWriter over the real Repository on fake-indexeddb: one event per field edit however many keystrokes are
 * written, a new event per field, failures kept on the banner and written once by "Thử lưu lại", one-shot
 * changes retried.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/domain/records/audit';
import { emptyEntry, type Entry } from '../../../src/domain/records/entry';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, StorageError, type Repository } from '../../../src/storage';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

async function setup(): Promise<{
  repo: Repository;
  writer: EntryWriter;
  type: (field: string, value: string) => void;
  entry: () => Entry;
}> {
  const repo = await openRepository({ name: `writer-test-${++n}` });
  repos.push(repo);
  const writer = new EntryWriter(repo, () => ({ userId: 'u1', role: 'operator' }));
  let e = emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order: 0 }, 'e1');
  writer.attach({
    get: (id) => (id === e.id ? e : undefined),
    saved: (_id, revision) => {
      e = { ...e, revision };
    },
  });
  const type = (field: string, value: string): void => {
    const before = e.fields[field]?.value ?? '';
    e = { ...e, fields: { ...e.fields, [field]: { value, flags: [], source: 'keyed', confirmed: false } } };
    writer.edited(e, field, before);
  };
  return { repo, writer, type, entry: () => e };
}

describe('EntryWriter', () => {
  it('writes every keystroke but records one event per field edit', async () => {
    const { repo, writer, type, entry } = await setup();
    for (const v of ['T', 'Tr', 'Trầ', 'Trần']) {
      type('nksHoTen', v);
      await writer.flush(); // each keystroke reaches the disk
    }
    writer.closeEdit();
    type('meHoTen', 'Lê');
    await writer.flush();
    const events = await repo.listBookEvents('b1');
    expect(events.map((e) => [e.action, e.field, e.before, e.after, e.userId])).toEqual([
      ['field.edit', 'nksHoTen', '', 'Trần', 'u1'],
      ['field.edit', 'meHoTen', '', 'Lê', 'u1'],
    ]);
    expect(verifyChains(events).ok).toBe(true);
    expect((await repo.listPageEntries('p1'))[0]?.revision).toBe(entry().revision);
  });

  it('goes on with a new event from the last written value when another event came in the middle of an edit', async () => {
    const { repo, writer, type } = await setup();
    type('nksHoTen', 'L');
    await writer.flush();
    // Background OCR of another page of the book lands between two keystrokes.
    await repo.saveEntries({ events: [writer.draft('page.ocr', { bookId: 'b1', pageId: 'p9' })] });
    type('nksHoTen', 'Lê');
    await writer.flush();
    const events = await repo.listBookEvents('b1');
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['field.edit', '', 'L'],
      ['page.ocr', null, null],
      ['field.edit', 'L', 'Lê'],
    ]);
    expect(verifyChains(events).ok).toBe(true);
  });

  it('keeps a failed write on the banner, blocks moving on, and writes it once after "Thử lưu lại"', async () => {
    const { repo, writer, type } = await setup();
    const real = repo.saveEntries.bind(repo);
    let fail = 1;
    repo.saveEntries = (c) => {
      if (fail-- > 0) return Promise.reject(new StorageError('quota', 'Bộ nhớ của trình duyệt đã đầy.'));
      return real(c);
    };
    type('nksHoTen', 'An');
    await expect(writer.flush()).rejects.toThrow('Bộ nhớ của trình duyệt đã đầy.');
    expect(writer.saveError).toBe('Bộ nhớ của trình duyệt đã đầy.');
    type('nksHoTen', 'Anh'); // typing goes on while the banner shows
    await expect(writer.flush()).rejects.toBeInstanceOf(StorageError);
    await writer.retry();
    expect(writer.saveError).toBeNull();
    const events = await repo.listBookEvents('b1');
    expect(events.map((e) => [e.before, e.after])).toEqual([['', 'Anh']]);
    expect((await repo.listPageEntries('p1'))[0]?.fields['nksHoTen']?.value).toBe('Anh');
  });

  it('runs a one-shot change after the queue, and runs it again on retry when it failed', async () => {
    const { repo, writer } = await setup();
    let attempts = 0;
    const add = (): Promise<void> =>
      writer.run(async () => {
        attempts++;
        if (attempts === 1) throw new StorageError('failed', 'Không lưu được mục đăng ký.');
        await repo.saveEntries({
          put: [emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order: 1 }, 'e2')],
          events: [writer.draft('entry.add', { bookId: 'b1', entryId: 'e2' })],
        });
      });
    await expect(add()).rejects.toThrow('Không lưu được mục đăng ký.');
    expect(writer.saveError).toBe('Không lưu được mục đăng ký.');
    await expect(writer.flush()).rejects.toBeInstanceOf(StorageError);
    await writer.retry();
    expect(attempts).toBe(2);
    expect(writer.saveError).toBeNull();
    expect((await repo.listBookEvents('b1')).map((e) => [e.action, e.entryId, e.role])).toEqual([
      ['entry.add', 'e2', 'operator'],
    ]);
  });
});
