/** The content-addressed blob store on disk: round trip, one copy per content, corruption detected on read. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorruptError, FsBlobStore } from '../../server/blobs/blob-store';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every file under `dir`, relative, sorted. */
async function files(dir: string): Promise<string[]> {
  const all = await readdir(dir, { recursive: true, withFileTypes: true });
  return all
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('FsBlobStore', () => {
  let root: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sohoa-blobs-'));
    store = new FsBlobStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores bytes under their SHA-256 and gives them back', async () => {
    const data = new TextEncoder().encode('Sổ đăng ký khai sinh 2008, trang 1');
    const ref = await store.put(data);
    expect(ref).toEqual({ hash: sha(data), size: data.byteLength, created: true });
    expect(await store.has(ref.hash)).toBe(true);
    expect(await store.get(ref.hash)).toEqual(data);
    expect(await files(root)).toEqual([`${ref.hash.slice(0, 2)}/${ref.hash.slice(2, 4)}/${ref.hash}`]);
    const empty = await store.put(new Uint8Array());
    expect(empty.hash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await store.get(empty.hash)).toEqual(new Uint8Array());
  });

  it('stores the same content once, from bytes or from a stream of chunks', async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
    const first = await store.put(data);
    const second = await store.put(data.slice());
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < data.length; at += 65_536) {
        await Promise.resolve();
        yield data.subarray(at, at + 65_536);
      }
    }
    const streamed = await store.putStream(chunks());
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(streamed).toEqual({ ...first, created: false });
    // One blob, and no temporary file left behind.
    expect(await files(root)).toEqual([`${first.hash.slice(0, 2)}/${first.hash.slice(2, 4)}/${first.hash}`]);
  });

  it('detects a corrupted blob on read', async () => {
    const ref = await store.put(new TextEncoder().encode('Nguyễn Văn An'));
    await writeFile(store.pathOf(ref.hash), 'Nguyễn Văn Ân');
    const read = store.get(ref.hash);
    await expect(read).rejects.toBeInstanceOf(BlobCorruptError);
    await expect(read).rejects.toMatchObject({
      hash: ref.hash,
      actual: sha(new TextEncoder().encode('Nguyễn Văn Ân')),
    });
  });

  it('answers absent blobs, deletes, and refuses names that are not SHA-256', async () => {
    const missing = sha(new TextEncoder().encode('not stored'));
    expect(await store.has(missing)).toBe(false);
    expect(await store.get(missing)).toBeNull();
    expect(await store.delete(missing)).toBe(false);
    const ref = await store.put(new TextEncoder().encode('x'));
    expect(await store.delete(ref.hash)).toBe(true);
    expect(await store.has(ref.hash)).toBe(false);
    await expect(store.get('../../etc/passwd')).rejects.toThrow('Not a SHA-256 blob name');
    await expect(store.has(ref.hash.toUpperCase())).rejects.toThrow('Not a SHA-256 blob name');
  });

  it('leaves no temporary file when a stream fails midway', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2, 3]);
      await Promise.resolve();
      throw new Error('link dropped');
    }
    await expect(store.putStream(broken())).rejects.toThrow('link dropped');
    expect(await files(root)).toEqual([]);
  });
});
