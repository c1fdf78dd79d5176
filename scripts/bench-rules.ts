/**
 * Time of the validation rule catalogue over a generated 2,000-entry birth book (issue 10 target: under 1 s in Node).
 *   node --import tsx scripts/bench-rules.ts [entries] [repeats]
 * Every entry is fully filled (names, dates in digits and words, ID, parents, codes) with a few values wrong on
 * purpose, so every rule runs; prints the first (cold: syllable set, lexicons) and the median of the later runs.
 */
import { dateToWords } from '../src/domain/fields/date-words';
import type { FieldValue } from '../src/domain/records/entry';
import { checkBook, checkEntry } from '../src/domain/rules/check';
import type { BookEntry } from '../src/domain/rules/numbering';

const count = Number(process.argv[2] ?? 2000);
const repeats = Number(process.argv[3] ?? 5);

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Ksor'];
const MIDDLES = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Đức'];
const GIVEN = ['An', 'Bình', 'Hoà', 'Thuỷ', 'Tuấn', 'Phượng', 'H’Hen'];
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
const fv = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });
const pad = (n: number): string => String(n).padStart(2, '0');

function makeEntry(i: number): BookEntry & { type: 'KS' } {
  const day = (i % 28) + 1;
  const month = (i % 12) + 1;
  const birth = `${pad(day)}/${pad(month)}/2017`;
  const wrongWords = i % 50 === 0;
  const f: Record<string, string> = {
    so: String(i % 400 === 7 ? i : i + 1),
    quyenSo: '01/2017',
    nksHoTen: `${pick(SURNAMES, i)} ${pick(MIDDLES, i)} ${pick(GIVEN, i)}`,
    nksNgaySinh: i % 97 === 0 ? '30/02/2017' : birth,
    nksNgaySinhBangChu: dateToWords({ day: wrongWords ? ((day + 1) % 28) + 1 : day, month, year: 2017 }),
    nksGioiTinh: i % 2 ? 'Nam' : 'Nữ',
    nksDanToc: pick(['Kinh', 'Tày', 'Mèo', 'Ê Đê'], i),
    nksQuocTich: 'Việt Nam',
    nksNoiSinh: 'Trạm y tế xã Nghi Phú',
    nksQueQuan: 'Nghi Phú, Vinh, Nghệ An',
    nksSoDinhDanh: `040${i % 2 ? 2 : 3}17${String(i).padStart(6, '0')}`,
    meHoTen: `${pick(SURNAMES, i + 1)} Thị ${pick(GIVEN, i + 2)}`,
    meNgaySinh: String(1980 + (i % 20)),
    meDanToc: 'Kinh',
    meQuocTich: 'Việt Nam',
    meNoiCuTru: 'Xóm 1, Nghi Phú',
    chaHoTen: `${pick(SURNAMES, i)} Văn ${pick(GIVEN, i + 3)}`,
    chaNgaySinh: String(1975 + (i % 20)),
    chaDanToc: 'Kinh',
    chaQuocTich: 'VN',
    chaNoiCuTru: 'Xóm 1, Nghi Phú',
    nycHoTen: `${pick(SURNAMES, i)} Văn ${pick(GIVEN, i + 3)}`,
    nycQuanHe: 'Cha',
    ngayDangKy: `${pad(Math.min(day + 2, 28))}/${pad(month)}/2017`,
    ghiChu: '',
  };
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(f)) fields[k] = fv(v);
  return { id: `e${i}`, bookId: i < count / 2 ? 'b1' : 'b2', type: 'KS', fields };
}

const entries = Array.from({ length: count }, (_, i) => makeEntry(i));
const commune = {
  code: '16684',
  name: 'Xã Nghi Phú',
  district: 'Thành phố Vinh',
  province: 'Nghệ An',
  list: 'pre2025' as const,
};

function run(): { ms: number; findings: number } {
  const t = performance.now();
  let findings = 0;
  for (const e of entries) findings += checkEntry(e, { bookYear: 2017, commune }).length;
  findings += checkBook(entries, { bookYears: { b1: 2017, b2: 2017 } }).length;
  return { ms: performance.now() - t, findings };
}

const first = run();
const later = Array.from({ length: repeats }, run)
  .map((r) => r.ms)
  .sort((a, b) => a - b);
const median = later[Math.floor(later.length / 2)] ?? first.ms;
console.log(`rule catalogue over ${count} entries (${first.findings} findings)`);
console.log(
  `  first run ${first.ms.toFixed(0)} ms, median of ${repeats} more ${median.toFixed(0)} ms (target < 1000 ms)`,
);
if (first.ms >= 1000) process.exitCode = 1;
