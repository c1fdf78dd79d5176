/**
 * The tus upload descriptions (`<id>.json`) as AtomicFileConfigstore keeps them: read back whole, replaced by
 * rename (no temporary file left, none listed), listed only beside their partial file, deleted; a key that is not
 * an upload id is refused (no path outside the folder).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from '@tus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtomicFileConfigstore } from '../../server/uploads/config-store';

const ID = '0123456789abcdef0123456789abcdef';
const LONE = 'f'.repeat(32);

describe('AtomicFileConfigstore', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes by rename, reads back, lists uploads with their partial file, deletes', async () => {
    const store = new AtomicFileConfigstore(dir);
    const upload = new Upload({
      id: ID,
      size: 1000,
      offset: 0,
      metadata: { bookId: 'b1', commune: '2025:00004' },
    });
    await store.set(ID, upload);
    await store.set(ID, new Upload({ id: ID, size: 2000, offset: 0, metadata: { bookId: 'b1' } }));
    await store.set(LONE, upload);
    expect((await readdir(dir)).sort()).toEqual([`${ID}.json`, `${LONE}.json`]); // no temporary file left
    expect(await store.get(ID)).toMatchObject({ id: ID, size: 2000, metadata: { bookId: 'b1' } });
    await writeFile(join(dir, ID), 'bytes');
    await writeFile(join(dir, `${LONE}.json.abc.tmp`), '{');
    expect(await store.list()).toEqual([ID]);
    await store.delete(ID);
    await store.delete(ID); // already gone: no error
    expect(await store.get(ID)).toBeUndefined();
    await expect(store.set('../escape', upload)).rejects.toThrow('Not an upload id');
  });
});
