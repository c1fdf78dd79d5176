/**
 * Where @tus/file-store keeps each upload's description (`<id>.json`: size, metadata, creation date; the offset is
 * the partial file's length): as its own FileConfigstore does, but every write is a temporary file renamed over
 * the old one, so a reader in another process (or a server restarted after kill -9 during a write) sees the whole
 * old or the whole new description, never a truncated one.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KvStore, Upload } from '@tus/server';

const ID = /^[0-9a-f]{32}$/u;

export class AtomicFileConfigstore implements KvStore {
  constructor(private readonly directory: string) {}

  private path(key: string): string {
    if (!ID.test(key)) throw new Error(`Not an upload id: ${key}`);
    return join(this.directory, `${key}.json`);
  }

  async get(key: string): Promise<Upload | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as Upload;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: Upload): Promise<void> {
    const target = this.path(key);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(value), { flush: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Ids of uploads with both their description and their partial file. */
  async list(): Promise<string[]> {
    const names = new Set(await readdir(this.directory));
    return [...names]
      .filter((n) => n.endsWith('.json') && names.has(n.slice(0, -5)) && ID.test(n.slice(0, -5)))
      .map((n) => n.slice(0, -5))
      .sort();
  }
}
