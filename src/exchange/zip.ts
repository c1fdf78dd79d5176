/**
 * A zip written as a stream (fflate's `Zip` + `ZipPassThrough`, the only importer of fflate): members are added
 * one by one and stored uncompressed (PDFs of JPEGs do not shrink), and the archive's bytes go to `write` in
 * chunks of about `chunkBytes` as they are made, so a book's zip is never held in memory. Each `add` resolves once
 * its bytes have been written (the caller's back-pressure). Each chunk is a fresh array `write` may keep or transfer.
 * Names are ASCII (see names.ts), so no UTF-8 flag.
 */
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipStream {
  /** Adds one member (stored, or deflated with `compress`: text members) and writes it out. */
  add(name: string, bytes: Uint8Array, opts?: { compress?: boolean }): Promise<void>;
  /** Writes the central directory; the zip is complete once this resolves. */
  finish(): Promise<void>;
  /** Bytes written so far. */
  readonly size: number;
}

export function zipStream(
  write: (chunk: Uint8Array) => Promise<void>,
  opts: { mtime?: Date; chunkBytes?: number } = {},
): ZipStream {
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  const mtime = opts.mtime ?? new Date();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let size = 0;
  let failure: Error | null = null;
  let ended = false;
  const zip = new Zip((err, data, final) => {
    if (err) failure = new Error(`zip: ${err.message}`);
    else {
      pending.push(data);
      pendingBytes += data.length;
      if (final) ended = true;
    }
  });

  async function flush(force: boolean): Promise<void> {
    if (failure) throw failure;
    if (!pendingBytes || (!force && pendingBytes < chunkBytes)) return;
    const out = new Uint8Array(pendingBytes);
    let at = 0;
    for (const c of pending) {
      out.set(c, at);
      at += c.length;
    }
    const n = out.length;
    pending = [];
    pendingBytes = 0;
    // `write` may transfer (detach) the chunk's buffer: count it before.
    await write(out);
    size += n;
  }

  return {
    async add(name, bytes, opts) {
      const file = opts?.compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
      file.mtime = mtime;
      zip.add(file);
      file.push(bytes, true);
      await flush(false);
    },
    async finish() {
      zip.end();
      if (!ended && !failure) throw new Error('zip: the archive did not end');
      await flush(true);
    },
    get size() {
      return size;
    },
  };
}

/** Thrown by `unzipAll`: `truncated` when the archive has no end record (cut short), else `damaged`. */
export class UnzipError extends Error {
  constructor(
    readonly kind: 'truncated' | 'damaged',
    message: string,
  ) {
    super(message);
    this.name = 'UnzipError';
  }
}

/** Whether `bytes` ends with a zip end-of-central-directory record (signature PK 5 6 in its last 64 kB). */
function hasEndRecord(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06)
      return true;
  }
  return false;
}

/** Every member of a zip held in memory, by name (fflate checks no CRC: the manifest's SHA-256 do); throws `UnzipError`. */
export function unzipAll(bytes: Uint8Array): Map<string, Uint8Array> {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip && !hasEndRecord(bytes)) throw new UnzipError('truncated', 'zip: no end record');
  try {
    return new Map(Object.entries(unzipSync(bytes)));
  } catch (e) {
    throw new UnzipError('damaged', `zip: ${e instanceof Error ? e.message : String(e)}`);
  }
}
