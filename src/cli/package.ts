/**
 * `npm run package -- <scans: PDFs, images, folders> --type KS --commune <5-digit code> --year <year>
 *   --book <number> --out <file> [--paper A4|A3] [--list pre2025|2025] [--originals] [--password PW]
 *   [--workers N] [--quiet]`
 *
 * Makes the work package (src/exchange/package) of a NEW book whose pages are pre-filled, for a vendor that
 * pre-processes scans on a server and hands communes packages to key: the workstation imports it ("Sổ", package
 * import) like a package exported from another workstation. Every page is stored as the workstation's import
 * stores it (src/image/page-image.ts: an upright, unshrunk JPEG/PNG as it is, else a JPEG at its exact size, and
 * a thumbnail) and pre-filled by the same engine (runner.ts); records and audit chain: package-book.ts. Any file
 * that cannot be read refuses the whole package (a package missing pages would mislead the commune); the package
 * is written to a temporary file beside `--out` and linked to its name once complete, so no half-written file is
 * ever left, and an existing file is never replaced.
 * Exit status: 0 written, 1 refused or failed, 2 usage.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { communeByCode, communeLabel, UNIT_LIST_TAG, unitListsForYear, type UnitList } from '../domain/admin';
import { newBook, validateBookInput, type CommuneRef, type PaperSize } from '../domain/records/book';
import { isRegisterType, REGISTER_TYPES } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';
import { writePackage } from '../exchange/package';
import type { PackageOriginal } from '../exchange/package';
import { encodePageImages } from '../image/encode-node';
import { flattenOverWhite, imagePageWarnings, keepsScanAsIs, pdfPageWarnings } from '../image/page-image';
import { PAGE_PIXEL_BUDGET } from '../image/precheck';
import { createNodeEngine, defaultWorkerCount } from '../ocr/node';
import { UsageError } from './args';
import { expandInputs } from './inputs';
import { formatSeconds, pageLabel } from './output';
import { assembleBook, type ReadPage } from './package-book';
import { runPrefill, type LoadedPage } from './runner';
import { plain, producer } from './version';

const TYPE_CHOICES = `${REGISTER_TYPES.slice(0, -1).join(', ')} hoặc ${REGISTER_TYPES.at(-1) ?? ''}`;

export const PACKAGE_USAGE = `Cách dùng: npm run package -- <tệp PDF, ảnh hoặc thư mục...> --type LOẠI --commune MÃ --year NĂM --book SỐ --out TỆP [tùy chọn]

  --type LOẠI      loại sổ: ${TYPE_CHOICES}
  --commune MÃ     mã xã/phường/thị trấn (5 chữ số) theo danh mục đơn vị hành chính của năm đăng ký
  --year NĂM       năm đăng ký của sổ
  --book SỐ        số quyển, như in trên sổ (ví dụ "01/2008")
  --out TỆP        tệp gói công việc sẽ ghi (ví dụ so-01-2008.goi.zip)
  --paper KHỔ      khổ giấy của sổ: A4 (mặc định) hoặc A3
  --list DANHMỤC   năm 2025: mã xã theo danh mục pre2025 (trước 7/2025) hay 2025 (từ 7/2025)
  --originals      đưa cả các tệp quét gốc vào gói
  --password PW    mật khẩu cho các tệp PDF được bảo vệ
  --workers N      số luồng OCR (mặc định: số lõi CPU - 1)
  --quiet          không in tiến độ từng trang
`;

export interface PackageArgs {
  inputs: string[];
  type: RegisterType;
  commune: string;
  year: number;
  bookNumber: string;
  out: string;
  paperSize: PaperSize;
  list: UnitList | undefined;
  originals: boolean;
  password: string | undefined;
  workers: number | undefined;
  quiet: boolean;
}

/** Parses the command line (pure); throws UsageError with a Vietnamese message. `null` = `--help`. */
export function parsePackageArgs(argv: readonly string[]): PackageArgs | null {
  const inputs: string[] = [];
  const v: Partial<Record<string, string>> = {};
  let originals = false;
  let quiet = false;
  let onlyInputs = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (onlyInputs || !raw.startsWith('--')) {
      inputs.push(raw);
      continue;
    }
    if (raw === '--') {
      onlyInputs = true;
      continue;
    }
    const eq = raw.indexOf('=');
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    if (flag === '--help') return null;
    if (flag === '--originals' || flag === '--quiet') {
      if (eq > 0) throw new UsageError(`Tùy chọn ${flag} không nhận giá trị.`);
      if (flag === '--originals') originals = true;
      else quiet = true;
      continue;
    }
    const known = [
      '--type',
      '--commune',
      '--year',
      '--book',
      '--out',
      '--paper',
      '--list',
      '--password',
      '--workers',
    ];
    if (!known.includes(flag)) throw new UsageError(`Tùy chọn không rõ: ${flag}.`);
    let value: string | undefined;
    if (eq > 0) value = raw.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2))
        throw new UsageError(`Thiếu giá trị cho ${flag}.`);
      i++;
    }
    if (v[flag] !== undefined) throw new UsageError(`Tùy chọn ${flag} được cho hai lần.`);
    v[flag] = value;
  }
  if (!inputs.length) throw new UsageError('Chưa chỉ ra tệp quét hay thư mục nào.');
  const need = (flag: string, what: string): string => {
    const x = v[flag]?.trim();
    if (!x) throw new UsageError(`Thiếu ${flag} <${what}>.`);
    return x;
  };
  const type = need('--type', 'loại sổ').toUpperCase();
  if (!isRegisterType(type)) throw new UsageError(`Loại sổ không hợp lệ: "${type}" (chọn ${TYPE_CHOICES}).`);
  const commune = need('--commune', 'mã xã');
  if (!/^\d{5}$/.test(commune))
    throw new UsageError(`Mã xã phải gồm đúng 5 chữ số (nhận được "${commune}").`);
  const yearText = need('--year', 'năm');
  if (!/^\d{4}$/.test(yearText))
    throw new UsageError(`Năm phải là số có 4 chữ số (nhận được "${yearText}").`);
  const bookNumber = need('--book', 'số quyển').normalize('NFC');
  const out = need('--out', 'tệp gói');
  const paper = (v['--paper'] ?? 'A4').toUpperCase();
  if (paper !== 'A4' && paper !== 'A3')
    throw new UsageError(`Khổ giấy không hợp lệ: "${paper}" (chọn A4 hoặc A3).`);
  const list = v['--list'];
  if (list !== undefined && list !== 'pre2025' && list !== '2025')
    throw new UsageError(`Danh mục không hợp lệ: "${list}" (chọn pre2025 hoặc 2025).`);
  const workersText = v['--workers'];
  if (workersText !== undefined && (!/^\d+$/.test(workersText) || Number(workersText) < 1))
    throw new UsageError(`Giá trị của --workers phải là số nguyên dương (nhận được "${workersText}").`);
  return {
    inputs,
    type,
    commune,
    year: Number(yearText),
    bookNumber,
    out,
    paperSize: paper,
    list,
    originals,
    password: v['--password'],
    workers: workersText === undefined ? undefined : Number(workersText),
    quiet,
  };
}

/**
 * The commune of `code` in the unit list of the book's year (DESIGN: pre-2025 units up to 2024, the 2025 units from
 * 2026; in 2025 both, so a code found in both needs `--list`), or the Vietnamese reason there is none.
 */
export function resolveCommune(
  code: string,
  year: number,
  list?: UnitList,
): { ok: true; commune: CommuneRef } | { ok: false; message: string } {
  const allowed = unitListsForYear(year);
  if (list && !allowed.includes(list))
    return {
      ok: false,
      message: `Sổ năm ${year} không dùng danh mục ${list} (${UNIT_LIST_TAG[list]}); dùng ${allowed.join(' hoặc ')}.`,
    };
  const found = (list ? [list] : allowed)
    .map((l) => communeByCode(l, code))
    .filter((c): c is CommuneRef => c !== null);
  const [first, second] = found;
  if (!first) {
    const where = (list ? [list] : allowed).map((l) => `${l} (${UNIT_LIST_TAG[l]})`).join(' và ');
    return {
      ok: false,
      message: `Không có xã/phường/thị trấn mã ${code} trong danh mục đơn vị hành chính ${where} dùng cho sổ năm ${year}.`,
    };
  }
  if (second)
    return {
      ok: false,
      message:
        `Mã ${code} có trong cả hai danh mục dùng cho năm ${year}: "${communeLabel(first)}" (${UNIT_LIST_TAG[first.list]}) ` +
        `và "${communeLabel(second)}" (${UNIT_LIST_TAG[second.list]}). Thêm --list ${first.list} hoặc --list ${second.list}.`,
    };
  return { ok: true, commune: first };
}

export interface PackageCliResult {
  ok: boolean;
  /** Refused for an argument's value (commune, year, book number): exit status 2, as a usage error. */
  usage?: boolean;
  /** Vietnamese lines for the operator: what was written, or why nothing was. */
  lines: string[];
  /** The package written (absent when refused). */
  file?: string;
  bookId?: string;
  pages?: number;
  entries?: number;
}

interface Stored {
  fileName: string;
  originalId: string;
  pdfPage: number | null;
  width: number;
  height: number;
  warnings: string[];
  importedAt: number;
  imageMime: string;
  imagePath: string;
  thumbPath: string;
}

const ORIGINAL_MIME = { jpeg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff' } as const;

const CANCELLED = 'Đã huỷ: chưa ghi gói nào.';

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Makes the package; `log` gets progress lines (stderr in the command). Never leaves a partial `--out`. */
export async function packageMain(
  args: PackageArgs,
  log: (line: string) => void = () => undefined,
  /** Cancels the run (Ctrl+C): pages being read stop, nothing is written. */
  signal?: AbortSignal,
): Promise<PackageCliResult> {
  const refuse = (...lines: string[]): PackageCliResult => ({ ok: false, lines });
  const fields = { type: args.type, year: args.year, bookNumber: args.bookNumber, paperSize: args.paperSize };
  const problems = validateBookInput({ ...fields, commune: { code: args.commune } as CommuneRef });
  if (problems.length) return { ok: false, usage: true, lines: problems };
  const commune = resolveCommune(args.commune, args.year, args.list);
  if (!commune.ok) return { ok: false, usage: true, lines: [commune.message] };
  const input = { ...fields, commune: commune.commune };

  const inputs = await expandInputs(args.inputs);
  if (inputs.missing.length) return refuse(...inputs.missing.map((m) => m.message), 'Chưa ghi gói nào.');
  if (!inputs.files.length)
    return refuse('Không có tệp quét nào trong các thư mục đã cho. Chưa ghi gói nào.');
  if (inputs.skipped.length) log(`Bỏ qua ${inputs.skipped.length} tệp phụ (json/txt/ẩn) trong thư mục.`);

  const out = resolve(args.out);
  const taken = (): string =>
    `Tệp ${out} đã có: chọn tên khác cho --out hoặc chuyển tệp cũ đi. Chưa ghi gói nào.`;
  if (await exists(out)) return { ok: false, usage: true, lines: [taken()] };
  const work = await mkdtemp(join(tmpdir(), 'sohoa-package-'));
  const partial = join(dirname(out), `.${basename(out)}.${randomUUID()}.tam`);
  const workers = args.workers ?? defaultWorkerCount();
  const engine = createNodeEngine({ workers });
  try {
    const createdAt = Date.now();
    const book = newBook(input, randomUUID(), createdAt);
    const originalIds = new Map(inputs.files.map((f) => [f, randomUUID()]));
    const originalKinds = new Map<string, string>();
    const stored = new Map<string, Stored>();
    const keyOf = (p: { order: number; pdfPage?: number | undefined }): string =>
      `${p.order}-${p.pdfPage ?? 0}`;

    /** The page as the workstation's import stores it: working image and thumbnail, to disk until written. */
    const store = async (p: LoadedPage): Promise<void> => {
      if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      flattenOverWhite(p.image.data);
      const src = p.source;
      const warnings =
        src.kind === 'image'
          ? imagePageWarnings(src.stored, src.orientation, p.image)
          : pdfPageWarnings(src.dpi, p.image, PAGE_PIXEL_BUDGET);
      const asIs = src.kind === 'image' && keepsScanAsIs(src.type, warnings);
      const encoded = encodePageImages(p.image, { thumbOnly: asIs });
      const key = keyOf(p);
      const imagePath = join(work, `${key}.image`);
      const thumbPath = join(work, `${key}.thumb`);
      await writeFile(imagePath, asIs ? src.bytes : (encoded.image ?? new Uint8Array()));
      await writeFile(thumbPath, encoded.thumb);
      originalKinds.set(p.path, src.kind === 'pdf' ? 'application/pdf' : ORIGINAL_MIME[src.type]);
      stored.set(key, {
        fileName: p.file.normalize('NFC'),
        originalId: originalIds.get(p.path) ?? randomUUID(),
        pdfPage: p.pdfPage ?? null,
        width: p.image.width,
        height: p.image.height,
        warnings,
        importedAt: Date.now(),
        imageMime: asIs && src.type === 'png' ? 'image/png' : 'image/jpeg',
        imagePath,
        thumbPath,
      });
    };

    const failures: string[] = [];
    const run = await runPrefill({
      files: inputs.files,
      engine,
      password: args.password,
      type: args.type,
      inFlight: workers + 1,
      stopOnFailure: true,
      checkImagesFirst: true,
      signal,
      onTotal: (n) => {
        if (!args.quiet) log(`${inputs.files.length} tệp, ${n} trang, ${workers} luồng OCR.`);
      },
      onFailure: (f) => failures.push(f.message),
      onLoaded: store,
      onPage: (p, done, total) => {
        if (args.quiet) return;
        log(
          `[${done}/${total}] ${pageLabel(p.file, p.pdfPage)} ${formatSeconds(p.ms)} (${p.result.entries.length} mục)`,
        );
      },
    });
    if (signal?.aborted) return refuse(CANCELLED);
    if (failures.length) return refuse(...failures, 'Có tệp không đọc được: chưa ghi gói nào.');
    if (!run.pages.length) return refuse('Các tệp đã cho không có trang nào. Chưa ghi gói nào.');

    const read: ReadPage[] = [];
    const files: Stored[] = [];
    for (const p of run.pages) {
      const s = stored.get(keyOf(p));
      if (!s) throw new Error(`page ${pageLabel(p.file, p.pdfPage)} was read but not stored`);
      read.push({ ...s, readAt: Math.round(s.importedAt + p.ms), result: p.result });
      files.push(s);
    }
    const machineId = randomUUID();
    const exportedAt = Date.now();
    const made = assembleBook(book, read, {
      machineId,
      newId: randomUUID,
      exportedAt,
      originals: args.originals,
    });
    const byPage = new Map(made.pages.map((p, i) => [p.id, files[i]!]));
    const used = new Set(made.pages.map((p) => p.originalId));
    const originals: PackageOriginal[] = [];
    const originalPaths = new Map<string, string>();
    if (args.originals) {
      for (const [path, id] of originalIds) {
        if (!used.has(id)) continue;
        const { size } = await stat(path);
        originals.push({
          id,
          bookId: book.id,
          fileName: basename(path).normalize('NFC'),
          mime: originalKinds.get(path) ?? 'application/octet-stream',
          size,
          createdAt,
        });
        originalPaths.set(id, path);
      }
    }

    await mkdir(dirname(out), { recursive: true });
    const handle = await open(partial, 'wx');
    let written;
    try {
      written = await writePackage(
        {
          machineId,
          book,
          pages: made.pages,
          ocr: made.ocr,
          entries: made.entries,
          events: made.events,
          async readImages(pageId) {
            const s = byPage.get(pageId);
            if (!s) throw new Error(`no image for page ${pageId}`);
            return {
              image: { bytes: new Uint8Array(await readFile(s.imagePath)), mime: s.imageMime },
              thumb: { bytes: new Uint8Array(await readFile(s.thumbPath)), mime: 'image/jpeg' },
            };
          },
          originals,
          async readOriginal(id) {
            return new Uint8Array(await readFile(originalPaths.get(id) ?? ''));
          },
          producer: `${producer()} (npm run package)`,
          now: exportedAt,
        },
        async (chunk) => {
          await handle.write(chunk);
        },
        { isCancelled: () => signal?.aborted === true },
      );
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A hard link never replaces a file that appeared meanwhile (the temporary name goes in `finally`).
    try {
      await link(partial, out);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return refuse(taken());
      throw e;
    }
    const entries = made.entries.length;
    const other = made.pages.filter((p) => p.otherRegister).length;
    const lines = [
      `Đã ghi gói công việc ${out}: sổ ${book.type} số ${book.bookNumber} năm ${book.year}, ${communeLabel(book.commune)}; ` +
        `${made.pages.length} trang, ${entries} mục điền sẵn, ${(written.size / 1048576).toFixed(1)} MB ` +
        `(${formatSeconds(run.elapsedMs)}).`,
      `Mã gói (SHA-256 của manifest.json): ${written.id}`,
    ];
    if (other)
      lines.push(
        `CHÚ Ý: ${other} trang ghi loại sổ khác ${book.type}; các trang này không được điền sẵn mục nào.`,
      );
    return { ok: true, lines, file: out, bookId: book.id, pages: made.pages.length, entries };
  } finally {
    await engine.terminate();
    await rm(partial, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const err = (line: string): void => {
    process.stderr.write(`${plain(line)}\n`);
  };
  let args: PackageArgs | null;
  try {
    args = parsePackageArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    process.stderr.write(`\n${PACKAGE_USAGE}`);
    return 2;
  }
  if (!args) {
    process.stdout.write(PACKAGE_USAGE);
    return 0;
  }
  // Ctrl+C: stop reading, write nothing, remove the temporary files (a second Ctrl+C ends at once).
  const cancel = new AbortController();
  process.once('SIGINT', () => {
    err('Đang huỷ…');
    cancel.abort();
  });
  const res = await packageMain(args, err, cancel.signal).catch((e: unknown): PackageCliResult => {
    if (cancel.signal.aborted) return { ok: false, lines: [CANCELLED] };
    throw e;
  });
  for (const line of res.lines) (res.ok ? (l: string) => process.stdout.write(`${plain(l)}\n`) : err)(line);
  return res.ok ? 0 : res.usage ? 2 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`LỖI: ${plain(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
      process.exitCode = 3;
    },
  );
}
