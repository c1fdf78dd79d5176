/**
 * `npm run export` on real work packages (made by the app's own export from a repository on fake-indexeddb): a book
 * not yet accepted is refused without --draft and written as a draft with it (every file says so); an accepted one
 * gives the workbook (read back with an independent reader), the zip of PDFs and the report; a tampered package is
 * refused with the reader's message and nothing is written.
 */
import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportMain, parseExportArgs } from '../../../src/cli/export';
import { openRepository, type Repository } from '../../../src/storage';
import { unzipAll } from '../../../src/exchange/zip';
import { ev, exportBytes, seedBook } from '../helpers/package-book';

let dir = '';
let repo: Repository;
let draftPackage = '';
let acceptedPackage = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-export-cli-'));
  repo = await openRepository({ name: 'export-cli' });
  await seedBook(repo);
  draftPackage = join(dir, 'draft.sohoa');
  await writeFile(draftPackage, await exportBytes(repo));
  const entries = await repo.listEntries('b1');
  await repo.saveEntries({
    put: entries.map((e) => ({ ...e, state: 'accepted' as const })),
    events: entries.map((e) =>
      ev('entry.state', { bookId: 'b1', entryId: e.id, before: e.state, after: 'accepted' }),
    ),
  });
  acceptedPackage = join(dir, 'accepted.sohoa');
  await writeFile(acceptedPackage, await exportBytes(repo));
});

afterAll(async () => {
  repo.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run export', () => {
  it('parses its arguments, in Vietnamese when they are wrong', () => {
    expect(parseExportArgs(['a.sohoa', '--out', 'x', '--draft'])).toEqual({
      packagePath: 'a.sohoa',
      out: 'x',
      draft: true,
    });
    expect(() => parseExportArgs(['a.sohoa'])).toThrow('Thiếu --out <thư mục>.');
    expect(() => parseExportArgs(['--out', 'x'])).toThrow('Thiếu tệp gói công việc.');
    expect(() => parseExportArgs(['a', '--zip'])).toThrow('Không biết tùy chọn --zip.');
  });

  it('refuses a book not yet accepted, and writes it as a draft with --draft', async () => {
    const out = join(dir, 'refused');
    const refused = await exportMain({ packagePath: draftPackage, out, draft: false });
    expect(refused.ok).toBe(false);
    expect(refused.lines[0]).toMatch(/còn 2\/2 mục chưa nghiệm thu: không xuất\. Dùng --draft/u);
    expect(existsSync(out)).toBe(false);

    const draftOut = join(dir, 'draft');
    const draft = await exportMain({ packagePath: draftPackage, out: draftOut, draft: true });
    expect(draft.ok).toBe(true);
    expect(draft.lines[0]).toBe('BẢN NHÁP: 2/2 mục chưa nghiệm thu.');
    const names = (await readdir(draftOut)).sort();
    expect(names).toHaveLength(3);
    expect(names.every((n) => n.includes('.BAN-NHAP.'))).toBe(true);
    const report = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await readFile(join(draftOut, names.find((n) => n.endsWith('.csv')) ?? '')),
    );
    expect(report.startsWith('\uFEFFBẢN NHÁP')).toBe(true);
  });

  it('writes the workbook, the zip of one PDF per entry and the report of an accepted book', async () => {
    const out = join(dir, 'accepted');
    const done = await exportMain({ packagePath: acceptedPackage, out, draft: false });
    expect(done.ok).toBe(true);
    expect(done.files).toHaveLength(3);
    const xlsx = done.files.find((f) => f.endsWith('.xlsx')) ?? '';
    expect(xlsx).not.toContain('BAN-NHAP');
    const wb = XLSX.read(await readFile(xlsx));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['DL Import']!, { header: 1 });
    expect(rows).toHaveLength(3); // header + 2 entries
    const zip = await unzipAll(
      new Uint8Array(await readFile(done.files.find((f) => f.endsWith('.pdf.zip')) ?? '')),
    );
    expect([...zip.keys()]).toHaveLength(2);
    for (const pdf of zip.values()) expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await readFile(done.files.find((f) => f.endsWith('.csv')) ?? ''),
    );
    expect(csv.split('\r\n')[0]).toBe('\uFEFFDòng,Cột,Mã quy tắc,Mức,Quy tắc,Chi tiết');
  });

  it('refuses a tampered package with the reason and writes nothing', async () => {
    const bytes = new Uint8Array(await readFile(acceptedPackage));
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    const bad = join(dir, 'bad.sohoa');
    await writeFile(bad, bytes);
    const out = join(dir, 'bad');
    const res = await exportMain({ packagePath: bad, out, draft: true });
    expect(res.ok).toBe(false);
    expect(res.lines[0]).toMatch(/^Không xuất được: .*(SHA-256|hỏng)/u);
    expect(existsSync(out)).toBe(false);
  });
});
