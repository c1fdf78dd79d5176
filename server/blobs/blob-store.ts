/**
 * Content-addressed blob storage (page images, package files): a blob is named by the SHA-256 of its bytes
 * (64 lower-case hex digits). `FsBlobStore` keeps them on disk; an S3-compatible store can implement the same
 * interface later.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface BlobRef {
  hash: string;
  size: number;
  /** False when a blob with the same content was already stored (nothing written). */
  created: boolean;
}

export interface BlobStore {
  /** Stores bytes under their SHA-256; storing the same content again writes nothing. */
  put(data: Uint8Array): Promise<BlobRef>;
  /** Stores a stream (a large package) without holding it in memory. */
  putStream(source: AsyncIterable<Uint8Array>): Promise<BlobRef>;
  /** The bytes of a blob, checked against their hash (BlobCorruptError on mismatch); null when absent. */
  get(hash: string): Promise<Uint8Array | null>;
  has(hash: string): Promise<boolean>;
  /** True when a blob was removed. */
  delete(hash: string): Promise<boolean>;
}

/** A stored blob whose bytes no longer hash to its name (disk damage, tampering). */
export class BlobCorruptError extends Error {
  constructor(
    readonly hash: string,
    readonly actual: string,
  ) {
    super(`Blob ${hash} is corrupt: its content hashes to ${actual}.`);
    this.name = 'BlobCorruptError';
  }
}

const HASH = /^[0-9a-f]{64}$/;

export function isBlobHash(hash: string): boolean {
  return HASH.test(hash);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Blobs under `<root>/<aa>/<bb>/<hash>`; writes go to `<root>/tmp/` first, are flushed to disk, then renamed
 * into place (atomic on one file system: a reader sees the whole blob or none).
 */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    if (!isBlobHash(hash)) throw new Error(`Not a SHA-256 blob name: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async put(data: Uint8Array): Promise<BlobRef> {
    return this.putStream(
      (async function* () {
        await Promise.resolve();
        yield data;
      })(),
    );
  }

  async putStream(source: AsyncIterable<Uint8Array>): Promise<BlobRef> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const digest = createHash('sha256');
    let size = 0;
    const file = await open(tmp, 'wx');
    try {
      try {
        for await (const chunk of source) {
          digest.update(chunk);
          size += chunk.byteLength;
          let written = 0;
          while (written < chunk.byteLength) {
            const { bytesWritten } = await file.write(chunk, written, chunk.byteLength - written);
            written += bytesWritten;
          }
        }
        await file.sync();
      } finally {
        await file.close();
      }
      const hash = digest.digest('hex');
      const target = this.pathOf(hash);
      if (await this.has(hash)) {
        await unlink(tmp);
        return { hash, size, created: false };
      }
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
      return { hash, size, created: true };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async get(hash: string): Promise<Uint8Array | null> {
    let data: Buffer;
    try {
      data = await readFile(this.pathOf(hash));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const actual = sha256Hex(data);
    if (actual !== hash) throw new BlobCorruptError(hash, actual);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async has(hash: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(hash))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(hash: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(hash));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
