// Builds src/domain/data/communes-2025.json (compact) — the two-level units in force from 1 July 2025
// (34 provinces, 3,321 communes/wards/special zones, no districts) — from the MIT-licensed repository
// dvhcvn/20250701 (official lists of the Statistics Office, Công văn 915/CTK-CSCL and 1027/CTK-CSCL, as
// transcribed there). Input folder: argv[2], default /work/shared/external/dvhcvn-20250701 (its SOURCE.md
// names the commit; `derived/communes_2025-07_from_1027_CTK-CSCL.csv` is a mechanical parse of the .md table).
// Deterministic: same input → byte-identical output. Fails loudly when the input no longer looks as expected.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Named without a URL scheme: shipped app data carries no address of another host.
const REPO = 'GitHub dvhcvn/20250701';
const COMMIT = 'dd94887ce32324380bc5bb0a76fe39867dafc73b';
const input = process.argv[2] ?? '/work/shared/external/dvhcvn-20250701';
const read = (f) => readFileSync(join(input, f), 'utf8').normalize('NFC');

/** Known transcription errors in the source: [row (Stt), name, wrong code, right code, why]. */
const CORRECTIONS = [
  [
    '2170',
    'Xã Ia Mơ',
    '23737',
    '23938',
    '23737 is the old "Xã Ia Mơ Nông" (NSO conversion table gives 23938 for Xã Ia Mơ, Gia Lai)',
  ],
];

function fail(msg) {
  console.error(`build-communes-2025: ${msg}`);
  process.exit(1);
}

if (!read('SOURCE.md').includes(COMMIT)) fail(`SOURCE.md does not name commit ${COMMIT}; update the script`);

/** Minimal CSV reader (quoted fields with "" escapes; the inputs have no line breaks inside fields). */
function csv(text) {
  const lines = text.split(/\r?\n/u).filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const out = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (ch === ',' && !quoted) {
        out.push(cur);
        cur = '';
      } else {
        cur += ch;
      }
    }
    out.push(cur);
    return out.map((s) => s.replace(/\s+/gu, ' ').trim());
  });
}

/** Folded key (lower case, no diacritics, đ → d) to match province names written differently. */
const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, ' ')
    .trim();
const provinceKey = (s) => fold(s).replace(/^(tinh|thanh pho|tp) /u, '');

// ---- provinces (915/CTK-CSCL): "Thành phố Hà Nội", "Cao Bằng" ----
const [provHead, ...provRows] = csv(read('915_CTK-CSCL.csv'));
if (provHead.join('|') !== 'Stt|Mã số|Tên 34 tỉnh sau sáp nhập') fail(`unexpected header ${provHead}`);
const provinces = provRows.map(([, code, full]) => {
  if (!/^\d{2}$/u.test(code)) fail(`bad province code ${code}`);
  const city = /^Thành phố /u.exec(full);
  return [code, city ? full.slice(city[0].length) : full.replace(/^Tỉnh /u, ''), city ? 'thành phố' : 'tỉnh'];
});
if (provinces.length !== 34) fail(`${provinces.length} provinces, expected 34`);
const provinceByKey = new Map(provinces.map((p) => [provinceKey(p[1]), p[0]]));
if (provinceByKey.size !== 34) fail('province names are not distinct');

// ---- communes (1027/CTK-CSCL): "Xã Ia Mơ", "Phường Hoàn Kiếm", "Đặc khu Phú Quốc" ----
const UNIT = [
  ['Xã ', 'xã'],
  ['Phường ', 'phường'],
  ['Đặc khu ', 'đặc khu'],
];
const [comHead, ...comRows] = csv(read('derived/communes_2025-07_from_1027_CTK-CSCL.csv'));
if (comHead.join('|') !== 'stt|ma_xa|ten_xa|tinh') fail(`unexpected header ${comHead}`);
const pending = new Map(CORRECTIONS.map((c) => [c[0], c]));
const communes = comRows.map(([stt, rawCode, full, province]) => {
  let code = rawCode;
  const fix = pending.get(stt);
  if (fix) {
    if (full !== fix[1] || code !== fix[2])
      fail(`correction for row ${stt} no longer applies: ${code} ${full}`);
    code = fix[3];
    pending.delete(stt);
  }
  if (!/^\d{5}$/u.test(code)) fail(`bad commune code ${code} (row ${stt})`);
  const unit = UNIT.find(([prefix]) => full.startsWith(prefix));
  if (!unit) fail(`no unit word in ${full} (row ${stt})`);
  const name = full.slice(unit[0].length);
  if (`${unit[0]}${name}` !== full || name === '') fail(`cannot split ${full}`);
  const parent = provinceByKey.get(provinceKey(province));
  if (!parent) fail(`unknown province ${province} (row ${stt})`);
  return [code, name, unit[1], parent];
});
if (pending.size > 0) fail(`corrections not applied: ${[...pending.keys()]}`);
if (communes.length !== 3321) fail(`${communes.length} communes, expected 3321`);
if (new Set(communes.map((c) => c[0])).size !== communes.length) fail('commune codes are not unique');
const byCode = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
provinces.sort(byCode);
communes.sort(byCode);
for (const p of provinces) {
  if (!communes.some((c) => c[3] === p[0])) fail(`province ${p[1]} has no commune`);
}

const licence = readFileSync(join(input, 'LICENSE'), 'utf8').replace(/\r\n/gu, '\n').trim();
if (!licence.startsWith('MIT License')) fail('LICENSE is no longer MIT');
const out = {
  source:
    `${REPO} @ ${COMMIT} (MIT, ${/Copyright[^\n]*/u.exec(licence)?.[0] ?? ''}): ` +
    'input/docs/915_CTK-CSCL.csv + input/docs/1027_CTK-CSCL.md (Cục Thống kê, units from 1 July 2025); ' +
    CORRECTIONS.map(([, name, from, to]) => `corrected: ${name} ${from} → ${to}`).join('; '),
  licence,
  columns: ['code', 'name', 'type', 'parent'],
  provinces,
  communes,
};
const target = join(
  dirname(new URL(import.meta.url).pathname),
  '..',
  'src',
  'domain',
  'data',
  'communes-2025.json',
);
writeFileSync(target, JSON.stringify(out));
console.error(`communes 2025: ${provinces.length} provinces, ${communes.length} communes`);
