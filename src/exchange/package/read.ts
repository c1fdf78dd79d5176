/**
 * Reads and verifies a work package (format.ts) held in memory. Everything is checked before anything is
 * returned, so a caller that stores only what this returns changes nothing for a bad package: the zip (truncated,
 * damaged), the manifest (foreign, unknown format or record version), every member against its size and SHA-256
 * (missing, tampered, unlisted), the records (one book, ids that belong to it), and every audit chain (DESIGN.md
 * §3.8) and its head against the manifest's base. Records are migrated and normalised by the record modules
 * (older versions brought up to date, NFC, unknown fields kept). Text stays data: nothing here is markup.
 */
import { AUDIT_SCHEMA, verifyChains, type AuditEvent, type JsonValue } from '../../domain/records/audit';
import { BOOK_SCHEMA, normalizeBook } from '../../domain/records/book';
import { ENTRY_SCHEMA, normalizeEntry } from '../../domain/records/entry';
import { PAGE_SCHEMA, normalizePage } from '../../domain/records/page';
import type { Role } from '../../domain/records/user';
import { bytesSource, unzipAll, UnzipError, zipDirectory, zipMember, type ZipSource } from '../zip';
import {
  chainName,
  imageName,
  MANIFEST_NAME,
  originalName,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PackageError,
  SAFE_ID,
  thumbName,
  type ChainHead,
  type Manifest,
  type ManifestMember,
  type PackageContent,
  type PackageImage,
  type PackageOcr,
  type PackageOriginal,
  type RecordSchemas,
} from './format';
import { OCR_SCHEMA } from './write';
import { sha256Hex } from './hash';

const KNOWN: RecordSchemas = {
  book: BOOK_SCHEMA,
  page: PAGE_SCHEMA,
  entry: ENTRY_SCHEMA,
  ocr: OCR_SCHEMA,
  audit: AUDIT_SCHEMA,
};

const SCHEMA_NAMES: Record<keyof RecordSchemas, string> = {
  book: 'sổ',
  page: 'trang',
  entry: 'mục',
  ocr: 'nhận dạng',
  audit: 'nhật ký',
};

const decoder = new TextDecoder('utf-8', { fatal: true });
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const fail = (problem: PackageError['problem'], message: string): never => {
  throw new PackageError(problem, message);
};

function text(name: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return fail('damaged', `Tệp "${name}" trong gói không phải văn bản UTF-8.`);
  }
}

function json(name: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(text(name, bytes)) as unknown;
  } catch (e) {
    if (e instanceof PackageError) throw e;
    return fail('damaged', `Tệp "${name}" trong gói không đọc được (JSON hỏng).`);
  }
}

function lines(name: string, bytes: Uint8Array): unknown[] {
  const out: unknown[] = [];
  text(name, bytes)
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push(JSON.parse(line));
      } catch {
        fail('damaged', `Dòng ${i + 1} của tệp "${name}" trong gói không đọc được (JSON hỏng).`);
      }
    });
  return out;
}

function readManifest(files: Map<string, Uint8Array>): Manifest {
  const bytes = files.get(MANIFEST_NAME);
  const foreign = 'Tệp này không phải gói công việc của sohoa';
  if (!bytes) return fail('foreign', `${foreign} (không có manifest.json).`);
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    return fail('foreign', `${foreign} (manifest.json không đọc được).`);
  }
  if (!isObj(raw) || raw['format'] !== PACKAGE_FORMAT) return fail('foreign', `${foreign}.`);
  const v = raw['formatVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    return fail('version', 'Gói không ghi phiên bản định dạng hợp lệ.');
  if (v > PACKAGE_FORMAT_VERSION)
    return fail(
      'version',
      `Gói dùng định dạng phiên bản ${v}, mới hơn phiên bản máy này đọc được (${PACKAGE_FORMAT_VERSION}). Hãy cập nhật sohoa.`,
    );
  const schemas = isObj(raw['schemas']) ? raw['schemas'] : {};
  for (const k of Object.keys(KNOWN) as (keyof RecordSchemas)[]) {
    const s = schemas[k];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1)
      return fail('version', `Gói không ghi phiên bản bản ghi ${SCHEMA_NAMES[k]}.`);
    if (s > KNOWN[k])
      return fail(
        'version',
        `Bản ghi ${SCHEMA_NAMES[k]} trong gói ở phiên bản ${s}, mới hơn phiên bản máy này đọc được (${KNOWN[k]}). Hãy cập nhật sohoa.`,
      );
  }
  const members = Array.isArray(raw['members']) ? raw['members'] : null;
  const okMember = (m: unknown): m is ManifestMember =>
    isObj(m) &&
    typeof m['name'] === 'string' &&
    typeof m['size'] === 'number' &&
    typeof m['sha256'] === 'string' &&
    (m['type'] === undefined || typeof m['type'] === 'string');
  if (!members?.every(okMember)) return fail('foreign', `${foreign} (danh sách tệp trong manifest hỏng).`);
  const machineId = raw['machineId'];
  const bookId = raw['bookId'];
  if (typeof machineId !== 'string' || !machineId || typeof bookId !== 'string' || !SAFE_ID.test(bookId))
    return fail('foreign', `${foreign} (manifest thiếu mã máy hoặc mã sổ).`);
  const base = isObj(raw['base']) && isObj(raw['base']['chains']) ? raw['base']['chains'] : {};
  const chains: Record<string, ChainHead> = {};
  for (const [m, h] of Object.entries(base)) {
    if (!isObj(h) || typeof h['seq'] !== 'number' || typeof h['hash'] !== 'string')
      return fail('foreign', `${foreign} (phần "base" của manifest hỏng).`);
    chains[m] = { seq: h['seq'], hash: h['hash'] };
  }
  const counts = isObj(raw['counts']) ? raw['counts'] : {};
  const count = (k: string): number => (typeof counts[k] === 'number' ? counts[k] : 0);
  return {
    format: PACKAGE_FORMAT,
    formatVersion: v,
    producer: typeof raw['producer'] === 'string' ? raw['producer'] : '',
    createdAt: typeof raw['createdAt'] === 'number' ? raw['createdAt'] : 0,
    machineId,
    bookId,
    schemas: schemas as unknown as RecordSchemas,
    base: { chains },
    counts: {
      pages: count('pages'),
      entries: count('entries'),
      events: count('events'),
      originals: count('originals'),
    },
    originals: raw['originals'] === true,
    members,
  };
}

async function verifyMembers(files: Map<string, Uint8Array>, manifest: Manifest): Promise<void> {
  const listed = new Set<string>();
  for (const m of manifest.members) {
    listed.add(m.name);
    const bytes = files.get(m.name);
    if (!bytes)
      fail('missing', `Gói thiếu tệp "${m.name}" ghi trong manifest (gói bị hỏng hoặc không đầy đủ).`);
    else if (bytes.length !== m.size || (await sha256Hex(bytes)) !== m.sha256.toLowerCase())
      fail(
        'hash',
        `Tệp "${m.name}" trong gói không khớp mã SHA-256 ghi trong manifest: gói đã bị sửa hoặc bị hỏng.`,
      );
  }
  for (const name of files.keys()) {
    if (name !== MANIFEST_NAME && !listed.has(name) && !name.endsWith('/'))
      fail('extra', `Gói có tệp lạ "${name}" không ghi trong manifest: gói đã bị sửa.`);
  }
}

const ROLES = ['operator', 'checker', 'supervisor', 'admin'];

/** An event with exactly the fields of §3.8 (anything else is not part of it), or a refusal naming the line. */
function readEvent(raw: unknown, where: string): AuditEvent {
  const r = isObj(raw) ? raw : {};
  const s = (k: string): string | null => (typeof r[k] === 'string' ? r[k] : null);
  const n = (k: string): number | null => (typeof r[k] === 'number' ? r[k] : null);
  const seq = n('seq');
  const at = n('at');
  const machineId = s('machineId');
  const action = s('action');
  const prevHash = s('prevHash');
  const hash = s('hash');
  if (seq === null || at === null || !machineId || !action || !prevHash || !hash)
    return fail('chain', `Nhật ký trong gói hỏng: ${where} thiếu trường bắt buộc.`);
  const role = s('role');
  return {
    bookId: s('bookId'),
    machineId,
    seq,
    at,
    userId: s('userId'),
    role: role && ROLES.includes(role) ? (role as Role) : null,
    action: action as AuditEvent['action'],
    entryId: s('entryId'),
    pageId: s('pageId'),
    field: s('field'),
    before: (r['before'] ?? null) as JsonValue,
    after: (r['after'] ?? null) as JsonValue,
    note: s('note'),
    prevHash,
    hash,
  };
}

function readOcr(raw: unknown, bookId: string): PackageOcr {
  const r = isObj(raw) ? raw : {};
  if (typeof r['pageId'] !== 'string' || !Array.isArray(r['words']) || !Array.isArray(r['lines']))
    return fail('inconsistent', 'Gói có bản ghi nhận dạng (OCR) hỏng.');
  return { ...(r as unknown as PackageOcr), bookId, drafts: Array.isArray(r['drafts']) ? r['drafts'] : [] };
}

const image = (
  files: Map<string, Uint8Array>,
  m: Map<string, ManifestMember>,
  name: string,
): PackageImage => {
  const bytes = files.get(name);
  const member = m.get(name);
  if (!bytes || !member) return fail('missing', `Gói thiếu ảnh "${name}".`);
  return { bytes, mime: member.type ?? 'application/octet-stream' };
};

const refusedZip = (e: unknown): never => {
  if (e instanceof UnzipError && e.kind === 'truncated')
    throw new PackageError('truncated', 'Tệp gói bị cắt cụt (thiếu phần cuối): hãy chép lại tệp từ máy gửi.');
  throw new PackageError(
    'damaged',
    'Tệp không đọc được như một tệp nén zip: tệp bị hỏng hoặc không phải gói công việc.',
  );
};

/**
 * Only the manifest of a package and its identity, read without touching the other members (from a file: its tail,
 * directory and manifest only): enough to
 * tell that this machine already holds everything the package carries (`Repository.holdsChains`). Nothing else is
 * verified here; throws `PackageError` for a file that is not a package.
 */
export async function peekPackage(from: Uint8Array | ZipSource): Promise<{ manifest: Manifest; id: string }> {
  const src = from instanceof Uint8Array ? bytesSource(from) : from;
  let files: Map<string, Uint8Array>;
  try {
    const entry = (await zipDirectory(src)).get(MANIFEST_NAME);
    files = new Map(entry ? [[MANIFEST_NAME, await zipMember(src, entry)]] : []);
  } catch (e) {
    return refusedZip(e);
  }
  const manifest = readManifest(files);
  return { manifest, id: await sha256Hex(need(files, MANIFEST_NAME)) };
}

const need = (files: Map<string, Uint8Array>, name: string): Uint8Array =>
  files.get(name) ?? fail('missing', `Gói thiếu tệp "${name}".`);

/** Reads and verifies a package; throws `PackageError` (Vietnamese message) for anything wrong. */
export async function readPackage(bytes: Uint8Array): Promise<PackageContent> {
  let files: Map<string, Uint8Array>;
  try {
    files = await unzipAll(bytes);
  } catch (e) {
    return refusedZip(e);
  }
  const manifest = readManifest(files);
  await verifyMembers(files, manifest);
  const members = new Map(manifest.members.map((m) => [m.name, m]));
  const need = (name: string): Uint8Array => files.get(name) ?? fail('missing', `Gói thiếu tệp "${name}".`);

  const bookId = manifest.bookId;
  const book = normalizeBook(json('book.json', need('book.json')));
  if (book.id !== bookId) fail('inconsistent', 'Sổ trong gói không khớp mã sổ ghi trong manifest.');
  const pages = lines('pages.jsonl', need('pages.jsonl')).map(normalizePage);
  const pageIds = new Set<string>();
  const images = new Map<string, { image: PackageImage; thumb: PackageImage }>();
  for (const p of pages) {
    if (p.bookId !== bookId || !SAFE_ID.test(p.id) || pageIds.has(p.id))
      fail('inconsistent', `Trang "${p.fileName}" trong gói không thuộc sổ này hoặc bị lặp.`);
    pageIds.add(p.id);
    images.set(p.id, {
      image: image(files, members, imageName(p.id)),
      thumb: image(files, members, thumbName(p.id)),
    });
  }
  const ocr = lines('ocr.jsonl', need('ocr.jsonl')).map((r) => readOcr(r, bookId));
  for (const o of ocr)
    if (!pageIds.has(o.pageId))
      fail('inconsistent', 'Gói có kết quả nhận dạng của một trang không có trong gói.');
  const entries = lines('entries.jsonl', need('entries.jsonl')).map(normalizeEntry);
  const entryIds = new Set<string>();
  for (const e of entries) {
    if (e.bookId !== bookId || !e.id || entryIds.has(e.id))
      fail('inconsistent', `Mục "${e.id}" trong gói không thuộc sổ này hoặc bị lặp.`);
    entryIds.add(e.id);
  }

  const events: AuditEvent[] = [];
  for (let n = 1; files.has(chainName(n)); n++) {
    const name = chainName(n);
    lines(name, need(name)).forEach((raw, i) => events.push(readEvent(raw, `dòng ${i + 1} của "${name}"`)));
  }
  for (const e of events) if (e.bookId !== bookId) fail('chain', 'Nhật ký trong gói có sự kiện của sổ khác.');
  const report = verifyChains(events);
  if (!report.ok) {
    const b = report.breaks[0];
    fail('chain', `Nhật ký thay đổi trong gói bị đứt (máy ${b?.machineId ?? '?'}): ${b?.message ?? ''}`);
  }
  const heads = new Map<string, AuditEvent>();
  for (const e of events) if ((heads.get(e.machineId)?.seq ?? 0) < e.seq) heads.set(e.machineId, e);
  const base = manifest.base.chains;
  const same =
    Object.keys(base).length === heads.size &&
    [...heads].every(([m, e]) => base[m]?.seq === e.seq && base[m].hash === e.hash);
  if (!same)
    fail('chain', 'Đầu các chuỗi nhật ký trong gói không khớp phần "base" của manifest: gói đã bị sửa.');

  const originals: PackageOriginal[] = [];
  const originalBytes = new Map<string, Uint8Array>();
  if (files.has('originals.jsonl')) {
    for (const raw of lines('originals.jsonl', need('originals.jsonl'))) {
      const r = isObj(raw) ? raw : {};
      const id = typeof r['id'] === 'string' ? r['id'] : '';
      if (!SAFE_ID.test(id)) fail('inconsistent', 'Gói có tệp gốc với mã không hợp lệ.');
      const o: PackageOriginal = {
        id,
        bookId,
        fileName: typeof r['fileName'] === 'string' ? r['fileName'].normalize('NFC') : '',
        mime: typeof r['mime'] === 'string' ? r['mime'] : 'application/octet-stream',
        size: typeof r['size'] === 'number' ? r['size'] : 0,
        createdAt: typeof r['createdAt'] === 'number' ? r['createdAt'] : 0,
      };
      originals.push(o);
      originalBytes.set(id, need(originalName(id)));
    }
  }
  return {
    manifest,
    id: await sha256Hex(need(MANIFEST_NAME)),
    book,
    pages,
    images,
    ocr,
    entries,
    events,
    originals,
    originalBytes,
  };
}
