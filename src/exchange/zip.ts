/**
 * A zip written as a stream (fflate's `Zip` + `ZipPassThrough` / `ZipDeflate`, the only importer of fflate): members
 * are added one by one, stored uncompressed (PDFs of JPEGs do not shrink) unless `deflate` is asked (XML), and the archive's bytes go to `write` in
 * chunks of about `chunkBytes` as they are made, so a book's zip is never held in memory. Each `add` resolves once
 * its bytes have been written (the caller's back-pressure). Each chunk is a fresh array `write` may keep or transfer.
 * Names are ASCII (see names.ts), so no UTF-8 flag.
 */
import { inflateSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipStream {
  /** Adds one member (stored, or deflated when `deflate`) and writes it out. */
  add(name: string, bytes: Uint8Array, opts?: { deflate?: boolean }): Promise<void>;
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
    async add(name, bytes, opts = {}) {
      const file = opts.deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
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

/** Random access to a zip's bytes: a file (read only the parts needed: a `File`'s `slice`, a Node file handle), or
 * bytes in memory (`bytesSource`). */
export interface ZipSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes in memory as a `ZipSource` (reads are views, no copy). */
export const bytesSource = (bytes: Uint8Array): ZipSource => ({
  size: bytes.length,
  read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
});

/** One member as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  size: number;
  compressedSize: number;
  /** Offset of its local header. */
  offset: number;
}

const damaged = (why: string): never => {
  throw new UnzipError('damaged', `zip: ${why}`);
};

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * The members of a zip, from its central directory (reads the tail and the directory only); throws `UnzipError`:
 * `truncated` when there is no end record (the file was cut short), `damaged` for anything else wrong.
 */
export async function zipDirectory(src: ZipSource): Promise<Map<string, ZipEntry>> {
  const tailStart = Math.max(0, src.size - 22 - 0xffff);
  const tail = await src.read(tailStart, src.size - tailStart);
  const head = await src.read(0, Math.min(2, src.size));
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new UnzipError(isZip ? 'truncated' : 'damaged', 'zip: no end record');
  const t = view(tail);
  const count = t.getUint16(end + 10, true);
  const dirSize = t.getUint32(end + 12, true);
  const dirOffset = t.getUint32(end + 16, true);
  if (dirOffset + dirSize > tailStart + end) damaged('central directory out of bounds');
  const dir = await src.read(dirOffset, dirSize);
  const v = view(dir);
  const out = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > dir.length || v.getUint32(at, true) !== 0x02014b50) damaged('bad central directory');
    const nameLen = v.getUint16(at + 28, true);
    const skip = nameLen + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
    if (at + 46 + skip > dir.length) damaged('bad central directory');
    const name = decoder.decode(dir.subarray(at + 46, at + 46 + nameLen));
    out.set(name, {
      name,
      method: v.getUint16(at + 10, true),
      compressedSize: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      offset: v.getUint32(at + 42, true),
    });
    at += 46 + skip;
  }
  return out;
}

/** A member's bytes (stored: as read, a view for bytes in memory; deflated: inflated); throws `UnzipError`. */
export async function zipMember(src: ZipSource, e: ZipEntry): Promise<Uint8Array> {
  if (e.offset + 30 > src.size) damaged(`bad header of ${e.name}`);
  const header = view(await src.read(e.offset, 30));
  if (header.getUint32(0, true) !== 0x04034b50) damaged(`bad header of ${e.name}`);
  const start = e.offset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  if (start + e.compressedSize > src.size) damaged(`${e.name} runs past the end`);
  const raw = await src.read(start, e.compressedSize);
  if (e.method === 0) return raw;
  if (e.method !== 8) return damaged(`unsupported method ${e.method} for ${e.name}`);
  try {
    const out = inflateSync(raw, { out: new Uint8Array(e.size) });
    if (out.length !== e.size) damaged(`${e.name} inflates to the wrong size`);
    return out;
  } catch (err) {
    if (err instanceof UnzipError) throw err;
    return damaged(`${e.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Every member of a zip held in memory, by name (no CRC check: the package manifest's SHA-256 do that). */
export async function unzipAll(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const src = bytesSource(bytes);
  const out = new Map<string, Uint8Array>();
  for (const [name, e] of await zipDirectory(src)) out.set(name, await zipMember(src, e));
  return out;
}
