/**
 * Writes a work package (format.ts) as a stream: members are hashed and zipped one by one (images and originals
 * read one at a time through the caller's readers), the manifest last. Pure: runs in the browser and in Node.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { AUDIT_SCHEMA, chainKey, type AuditEvent } from '../../domain/records/audit';
import { BOOK_SCHEMA, type Book } from '../../domain/records/book';
import { ENTRY_SCHEMA, type Entry } from '../../domain/records/entry';
import { PAGE_SCHEMA, type Page } from '../../domain/records/page';
import { zipStream } from '../zip';
import { sha256Hex } from './hash';
import {
  chainName,
  imageName,
  MANIFEST_NAME,
  originalName,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  SAFE_ID,
  thumbName,
  type ChainHead,
  type Manifest,
  type ManifestMember,
  type PackageImage,
  type PackageOcr,
  type PackageOriginal,
} from './format';

export const OCR_SCHEMA = 1;

export interface PackageSource {
  machineId: string;
  book: Book;
  pages: readonly Page[];
  ocr: readonly PackageOcr[];
  entries: readonly Entry[];
  /** Every event of every chain of the book (any order). */
  events: readonly AuditEvent[];
  /** The working image and thumbnail of a page. */
  readImages(pageId: string): Promise<{ image: PackageImage; thumb: PackageImage }>;
  /** Originals to include (none: the package leaves them out). */
  originals: readonly PackageOriginal[];
  readOriginal(id: string): Promise<Uint8Array>;
  producer?: string;
  now?: number;
}

export interface PackageWritten {
  manifest: Manifest;
  /** SHA-256 of manifest.json (the package's identity, as the reader computes it). */
  id: string;
  size: number;
}

const jsonl = (records: readonly unknown[]): Uint8Array =>
  utf8ToBytes(records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));

/** Writes the package of `src` to `write` (chunks in order); resolves once the zip is complete. */
export async function writePackage(
  src: PackageSource,
  write: (chunk: Uint8Array) => Promise<void>,
  opts: { isCancelled?: () => boolean } = {},
): Promise<PackageWritten> {
  const now = src.now ?? Date.now();
  const zip = zipStream(write, { mtime: new Date(now) });
  const members: ManifestMember[] = [];
  const add = async (name: string, bytes: Uint8Array, type?: string): Promise<void> => {
    if (opts.isCancelled?.()) throw new DOMException('cancelled', 'AbortError');
    members.push({ name, size: bytes.length, sha256: await sha256Hex(bytes), ...(type ? { type } : {}) });
    await zip.add(name, bytes, { deflate: !type });
  };
  for (const id of [src.book.id, ...src.pages.map((p) => p.id), ...src.originals.map((o) => o.id)]) {
    if (!SAFE_ID.test(id)) throw new Error(`package: unsafe id ${JSON.stringify(id)}`);
  }

  await add('book.json', utf8ToBytes(JSON.stringify(src.book)));
  const pages = [...src.pages].sort((a, b) => a.order - b.order);
  await add('pages.jsonl', jsonl(pages));
  for (const p of pages) {
    const { image, thumb } = await src.readImages(p.id);
    await add(imageName(p.id), image.bytes, image.mime || 'application/octet-stream');
    await add(thumbName(p.id), thumb.bytes, thumb.mime || 'application/octet-stream');
  }
  await add('ocr.jsonl', jsonl(src.ocr));
  await add('entries.jsonl', jsonl(src.entries));

  const chains = new Map<string, AuditEvent[]>();
  for (const e of src.events) {
    const k = chainKey(e);
    const list = chains.get(k);
    if (list) list.push(e);
    else chains.set(k, [e]);
  }
  const heads: Record<string, ChainHead> = {};
  let n = 0;
  for (const list of [...chains.values()].sort((a, b) =>
    (a[0]?.machineId ?? '').localeCompare(b[0]?.machineId ?? ''),
  )) {
    list.sort((a, b) => a.seq - b.seq);
    const head = list[list.length - 1];
    if (head) heads[head.machineId] = { seq: head.seq, hash: head.hash };
    await add(chainName(++n), jsonl(list));
  }

  if (src.originals.length) {
    await add('originals.jsonl', jsonl(src.originals));
    for (const o of src.originals)
      await add(originalName(o.id), await src.readOriginal(o.id), o.mime || 'application/octet-stream');
  }

  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    producer: src.producer ?? 'sohoa',
    createdAt: now,
    machineId: src.machineId,
    bookId: src.book.id,
    schemas: {
      book: BOOK_SCHEMA,
      page: PAGE_SCHEMA,
      entry: ENTRY_SCHEMA,
      ocr: OCR_SCHEMA,
      audit: AUDIT_SCHEMA,
    },
    base: { chains: heads },
    counts: {
      pages: pages.length,
      entries: src.entries.length,
      events: src.events.length,
      originals: src.originals.length,
    },
    originals: src.originals.length > 0,
    members,
  };
  const manifestBytes = utf8ToBytes(JSON.stringify(manifest, null, 1));
  await zip.add(MANIFEST_NAME, manifestBytes, { deflate: true });
  await zip.finish();
  return { manifest, id: await sha256Hex(manifestBytes), size: zip.size };
}

/** A package written into memory (tests, the CLI, the province server's fixtures). */
export async function packageBytes(src: PackageSource): Promise<PackageWritten & { bytes: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  const out = await writePackage(src, (c) => {
    chunks.push(c);
    return Promise.resolve();
  });
  const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ...out, bytes };
}
