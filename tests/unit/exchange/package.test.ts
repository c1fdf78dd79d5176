/**
 * Work packages (DESIGN.md §3.9) on fake-indexeddb: a book exported by the repository and the app's writer is read
 * back with an independent zip reader (yauzl) and node:crypto — every member listed in the manifest with its size
 * and SHA-256, the chains as JSON lines, provenance on every field, images byte for byte. Every kind of bad
 * package is refused with its Vietnamese message and leaves the receiving store exactly as it was.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it, afterEach } from 'vitest';
import yauzl from 'yauzl';
import { verifyChains, type AuditEvent } from '../../../src/domain/records/audit';
import { PackageError, readPackage, type Manifest } from '../../../src/exchange/package';
import { openRepository, type Repository } from '../../../src/storage';
import { edit, exportBytes, importBytes, rezip, seedBook, text, utf8 } from '../helpers/package-book';

let n = 0;
const open: Repository[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});
async function repo(): Promise<Repository> {
  const r = await openRepository({ name: `package-test-${++n}` });
  open.push(r);
  return r;
}

function listZip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Uint8Array>();
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.set(e.fileName, new Uint8Array(Buffer.concat(parts)));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Everything a store holds, for "nothing changed" comparisons. */
async function snapshot(r: Repository): Promise<string> {
  const books = await r.listBooks();
  const parts: unknown[] = [books];
  for (const b of books) {
    parts.push(
      await r.listPages(b.id),
      await r.listEntries(b.id),
      await r.listBookEvents(b.id),
      await r.listConflicts(b.id),
    );
  }
  return JSON.stringify(parts);
}

describe('package export', { timeout: 30_000 }, () => {
  it('writes a zip whose manifest lists every member with its size and SHA-256', async () => {
    const a = await repo();
    await seedBook(a);
    await edit(a, 'e1', 'nksHoTen', 'Nguyễn Văn Ân');
    const bytes = await exportBytes(a);
    const files = await listZip(bytes);
    const manifest = JSON.parse(text(files.get('manifest.json'))) as Manifest;
    expect(manifest.format).toBe('sohoa-work-package');
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.machineId).toBe(a.machineId);
    expect(manifest.bookId).toBe('b1');
    expect(manifest.schemas).toEqual({ book: 1, page: 1, entry: 1, ocr: 1, audit: 1 });
    expect(manifest.counts).toMatchObject({ pages: 2, entries: 2, originals: 0 });
    expect([...files.keys()].sort()).toEqual(
      [...manifest.members.map((m) => m.name), 'manifest.json'].sort(),
    );
    for (const m of manifest.members) {
      const b = files.get(m.name)!;
      expect(b.length, m.name).toBe(m.size);
      expect(sha(b), m.name).toBe(m.sha256);
    }
    expect(manifest.members.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'book.json',
        'pages.jsonl',
        'ocr.jsonl',
        'entries.jsonl',
        'audit/chain-1.jsonl',
        'pages/p1/image',
        'pages/p2/thumb',
      ]),
    );
    // Images byte for byte with their type.
    const stored = await a.getPageImage('p1');
    expect(sha(files.get('pages/p1/image')!)).toBe(sha(new Uint8Array(await stored!.image.arrayBuffer())));
    expect(manifest.members.find((m) => m.name === 'pages/p1/image')?.type).toBe('image/jpeg');
    // The chain as JSON lines, verifying, its head = the manifest's base, the export itself its last event.
    const events = text(files.get('audit/chain-1.jsonl'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEvent);
    expect(verifyChains(events).ok).toBe(true);
    const head = events[events.length - 1]!;
    expect(head.action).toBe('package.export');
    expect(manifest.base.chains).toEqual({ [a.machineId]: { seq: head.seq, hash: head.hash } });
    // Provenance: every field stamped with the machine and the seq of the event that covers its last change.
    const entries = text(files.get('entries.jsonl'))
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            fields: Record<
              string,
              { value: string; changed?: { machineId: string; seq: number; by: string } }
            >;
          },
      );
    const e1 = entries.find((e) => e.id === 'e1')!;
    const editEvent = events.find((e) => e.action === 'field.edit')!;
    expect(e1.fields['nksHoTen']).toMatchObject({
      value: 'Nguyễn Văn Ân',
      changed: { machineId: a.machineId, seq: editEvent.seq, by: 'u1' },
    });
    const ocrEvent = events.find((e) => e.action === 'page.ocr')!;
    expect(e1.fields['meHoTen']?.changed).toMatchObject({ machineId: a.machineId, seq: ocrEvent.seq });
  });

  it('includes the originals only when asked', async () => {
    const a = await repo();
    await seedBook(a);
    await a.putOriginal({
      id: 'o1',
      bookId: 'b1',
      fileName: 'sổ.pdf',
      mime: 'application/pdf',
      size: 3,
      bytes: new Blob([utf8('%PD').slice().buffer]),
      createdAt: 1,
    });
    const without = await listZip(await exportBytes(a));
    expect([...without.keys()].some((k) => k.startsWith('originals'))).toBe(false);
    const withOriginals = await listZip(await exportBytes(a, 'b1', true));
    expect(text(withOriginals.get('originals/o1'))).toBe('%PD');
    const pkg = await readPackage(await exportBytes(a, 'b1', true));
    expect(pkg.originals[0]?.fileName).toBe('sổ.pdf');
  });
});

describe('bad packages are refused and change nothing', () => {
  async function setup(): Promise<{ good: Uint8Array; b: Repository; before: string }> {
    const a = await repo();
    await seedBook(a);
    const good = await exportBytes(a);
    const b = await repo();
    // The receiver already has a book of its own: a refused package must leave it exactly as it is.
    await b.putBook(
      { ...(await a.getBook('b1'))!, id: 'other' },
      { ...(await a.listBookEvents('b1'))[0]!, bookId: 'other' },
    );
    return { good, b, before: await snapshot(b) };
  }

  async function refused(b: Repository, bytes: Uint8Array, problem: string, message: RegExp): Promise<void> {
    let err: unknown;
    try {
      await importBytes(b, bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PackageError);
    expect((err as PackageError).problem).toBe(problem);
    expect((err as PackageError).message).toMatch(message);
  }

  it('truncated', async () => {
    const { good, b, before } = await setup();
    await refused(b, good.slice(0, Math.floor(good.length / 2)), 'truncated', /bị cắt cụt/);
    expect(await snapshot(b)).toBe(before);
  });

  it('damaged (bytes overwritten inside a member)', async () => {
    const { good, b, before } = await setup();
    const bad = good.slice();
    // Overwrite bytes in the middle of the first image (stored, so the zip still parses).
    const at = Math.floor(bad.length / 3);
    for (let i = at; i < at + 64; i++) bad[i] = bad[i]! ^ 0xff;
    await refused(b, bad, 'hash', /không khớp mã SHA-256/);
    expect(await snapshot(b)).toBe(before);
  });

  it('not a zip at all', async () => {
    const { b, before } = await setup();
    await refused(
      b,
      utf8('<html><script>alert(1)</script></html>'),
      'damaged',
      /không đọc được như một tệp nén zip/,
    );
    expect(await snapshot(b)).toBe(before);
  });

  it('foreign: a zip without a sohoa manifest', async () => {
    const { good, b, before } = await setup();
    await refused(
      b,
      await rezip(good, (f) => f.delete('manifest.json')),
      'foreign',
      /không phải gói công việc của sohoa/,
    );
    await refused(
      b,
      await rezip(good, (f) => f.set('manifest.json', utf8('{"format":"other"}'))),
      'foreign',
      /không phải gói công việc của sohoa/,
    );
    expect(await snapshot(b)).toBe(before);
  });

  it('tampered: a value changed in entries.jsonl (bad hash)', async () => {
    const { good, b, before } = await setup();
    const bad = await rezip(good, (f) =>
      f.set('entries.jsonl', utf8(text(f.get('entries.jsonl')).replace('Nguyễn Văn An', 'Nguyễn Văn Bình'))),
    );
    await refused(b, bad, 'hash', /"entries\.jsonl".*không khớp mã SHA-256/);
    expect(await snapshot(b)).toBe(before);
  });

  it('tampered: a member added or removed', async () => {
    const { good, b, before } = await setup();
    await refused(
      b,
      await rezip(good, (f) => f.set('evil.html', utf8('<b>x</b>'))),
      'extra',
      /tệp lạ "evil\.html"/,
    );
    await refused(
      b,
      await rezip(good, (f) => f.delete('pages/p2/image')),
      'missing',
      /thiếu tệp "pages\/p2\/image"/,
    );
    expect(await snapshot(b)).toBe(before);
  });

  it('broken chain: an event edited and the manifest re-hashed to match', async () => {
    const { good, b, before } = await setup();
    const bad = await rezip(good, (f) => {
      const chain = text(f.get('audit/chain-1.jsonl')).replace('"page.import"', '"page.delete"');
      const bytes = utf8(chain);
      f.set('audit/chain-1.jsonl', bytes);
      const m = JSON.parse(text(f.get('manifest.json'))) as Manifest;
      const member = m.members.find((x) => x.name === 'audit/chain-1.jsonl')!;
      member.size = bytes.length;
      member.sha256 = sha(bytes);
      f.set('manifest.json', utf8(JSON.stringify(m)));
    });
    await refused(b, bad, 'chain', /Nhật ký thay đổi trong gói bị đứt.*đã bị sửa sau khi ghi/);
    expect(await snapshot(b)).toBe(before);
  });

  it('unknown format version, newer record version', async () => {
    const { good, b, before } = await setup();
    const bump = (fn: (m: Manifest) => void) =>
      rezip(good, (f) => {
        const m = JSON.parse(text(f.get('manifest.json'))) as Manifest;
        fn(m);
        f.set('manifest.json', utf8(JSON.stringify(m)));
      });
    await refused(b, await bump((m) => (m.formatVersion = 2)), 'version', /định dạng phiên bản 2, mới hơn/);
    await refused(
      b,
      await bump((m) => (m.schemas.entry = 9)),
      'version',
      /Bản ghi mục trong gói ở phiên bản 9/,
    );
    expect(await snapshot(b)).toBe(before);
  });

  it('migrates an older record version through the record normalisers', async () => {
    const a = await repo();
    await seedBook(a);
    const good = await exportBytes(a);
    // A version-1 entry as an older installation wrote it: no schema field, no keyedBy, no stamps.
    const old = await rezip(good, (f) => {
      const lines = text(f.get('entries.jsonl'))
        .trim()
        .split('\n')
        .map((l) => {
          const { schema: _s, keyedBy: _k, ...rest } = JSON.parse(l) as Record<string, unknown>;
          return JSON.stringify(rest);
        });
      const bytes = utf8(lines.join('\n'));
      f.set('entries.jsonl', bytes);
      const m = JSON.parse(text(f.get('manifest.json'))) as Manifest;
      const member = m.members.find((x) => x.name === 'entries.jsonl')!;
      member.size = bytes.length;
      member.sha256 = sha(bytes);
      f.set('manifest.json', utf8(JSON.stringify(m)));
    });
    const pkg = await readPackage(old);
    expect(pkg.entries.every((e) => e.schema === 1 && e.keyedBy === null)).toBe(true);
    const b = await repo();
    expect((await importBytes(b, old)).newBook).toBe(true);
  });
});
