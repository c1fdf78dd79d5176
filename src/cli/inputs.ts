/** Expanding the command line's files and folders into the list of files to read (sorted, deterministic). */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/** Sidecar files found beside scans in a folder (truth, notes, manifests): skipped when walking folders. */
const SIDECAR_EXTENSIONS = new Set([
  '.json',
  '.txt',
  '.md',
  '.csv',
  '.xml',
  '.yaml',
  '.yml',
  '.log',
  '.ini',
  '.db',
]);

export interface InputList {
  files: string[];
  /** Files skipped inside folders (hidden or sidecar). */
  skipped: string[];
  /** Command-line arguments that do not exist / cannot be read (Vietnamese messages). */
  missing: { path: string; message: string }[];
}

/** Natural order so p2 < p10; ties broken by code points for determinism. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'vi', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

export function isSkippedInFolder(name: string): boolean {
  return name.startsWith('.') || SIDECAR_EXTENSIONS.has(extname(name).toLowerCase());
}

async function walk(dir: string, out: InputList): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => compareNames(a.name, b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (isSkippedInFolder(e.name)) {
      out.skipped.push(p);
      continue;
    }
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.files.push(p);
    else if (e.isSymbolicLink()) {
      const s = await stat(p).catch(() => null);
      if (s?.isFile()) out.files.push(p);
    }
  }
}

/** Files named on the command line are always taken (and reported if they are not scans); folders are walked sorted. */
export async function expandInputs(args: readonly string[]): Promise<InputList> {
  const out: InputList = { files: [], skipped: [], missing: [] };
  for (const a of args) {
    const s = await stat(a).catch((e: unknown) => e as NodeJS.ErrnoException);
    if (s instanceof Error) {
      const why = s.code === 'ENOENT' ? 'không tồn tại' : `không đọc được (${s.code ?? s.message})`;
      out.missing.push({ path: a, message: `Tệp "${basename(a)}" ${why}.` });
    } else if (s.isDirectory()) {
      await walk(a, out);
    } else {
      out.files.push(a);
    }
  }
  return out;
}
