/**
 * Unit words a hand's OCR misread, recognised by the unit name that follows them ("khuyên Phong Điền",
 * "th xũ Hương Thủy", "Trung tâm Y tế huyền Năm Đông"): when the word is close to a unit word and the words after it,
 * to the end of the comma part, name exactly one unit of that type inside the address's province, both are written
 * as the list has them. The list is strong evidence only there: a reading OCR was sure of keeps its letters, words that
 * open named places of their own ("đường", "thôn", "tổ", …) are never taken for unit words, and nothing is changed
 * outside a known province except a province's own name.
 */
import { PRE2025_UNITS as data, type AdminRow as Row } from '../domain/admin/units';
import type { UnitType } from '../domain/fields/place';
import { foldKey, levenshtein, normalizeTonePlacement } from '../domain/text';

const ADMIN_WORDS: readonly UnitType[] = [
  'xã',
  'phường',
  'thị trấn',
  'huyện',
  'quận',
  'thị xã',
  'thành phố',
  'tỉnh',
];

/** Words (folded) that open a place of their own before a capitalised name: never a misread unit word. */
const OWN_PLACE_WORDS = new Set(
  [
    'đường',
    'phố',
    'thôn',
    'xóm',
    'ấp',
    'bản',
    'buôn',
    'khu',
    'tổ',
    'kiệt',
    'hẻm',
    'ngõ',
    'ngách',
    'số',
    'chợ',
    'cầu',
  ].map(foldKey),
);

const namesCache = new Map<string, string[]>();

/** Unit names of one type, inside the province when one is known (districts and communes need one). */
function namesOf(unit: UnitType, province: ReadonlySet<string> | null): string[] {
  const key = `${unit}|${[...(province ?? [])].join(',')}`;
  let names = namesCache.get(key);
  if (!names) {
    names = listNames(unit, province);
    namesCache.set(key, names);
  }
  return names;
}

function listNames(unit: UnitType, province: ReadonlySet<string> | null): string[] {
  const rows: Row[] = [];
  if (unit === 'tỉnh' || unit === 'thành phố') rows.push(...data.provinces.filter((r) => r[2] === unit));
  if (province) {
    const districts = data.districts.filter((r) => province.has(r[3] ?? ''));
    rows.push(...districts.filter((r) => r[2] === unit));
    const dcodes = new Set(districts.map((r) => r[0]));
    rows.push(...data.communes.filter((r) => r[2] === unit && dcodes.has(r[3] ?? '')));
  }
  return [...new Set(rows.map((r) => r[1]))];
}

/**
 * The one unit name the words match and its edits: folded equal, or (read unsurely, names of five letters or more)
 * one edit. Written with the registers' tone placement ("Thủy", not the list's "Thuỷ").
 */
function matchName(
  words: string,
  names: readonly string[],
  sure: boolean,
): { name: string; edits: number } | null {
  const key = foldKey(words);
  const exact = names.filter((n) => foldKey(n) === key);
  const near = sure
    ? []
    : names.filter((n) => {
        const k = foldKey(n);
        return k.replace(/ /g, '').length >= 5 && levenshtein(k, key) === 1;
      });
  const hits = exact.length > 0 ? exact : near;
  const name = hits.length === 1 ? hits[0] : undefined;
  return name ? { name: normalizeTonePlacement(name, 'old'), edits: exact.length > 0 ? 0 : 1 } : null;
}

interface Repair {
  text: string;
  cost: number;
}

/** The part with its misread unit word and name written as listed, or null. */
function repairPart(part: string, province: ReadonlySet<string> | null, sure: boolean): Repair | null {
  const words = part.split(' ').filter(Boolean);
  const found: Repair[] = [];
  for (let j = 0; j < words.length - 1; j++) {
    for (const h of [1, 2]) {
      const head = words.slice(j, j + h).join(' ');
      const rest = words.slice(j + h).join(' ');
      if (!rest || !/^\p{L}/u.test(head) || !/^\p{Lu}/u.test(rest) || rest.split(' ').length > 4) continue;
      if (OWN_PLACE_WORDS.has(foldKey(head))) continue;
      for (const unit of ADMIN_WORDS) {
        const exact = head === unit;
        // A part opening with its unit word is the address parser's; a misread word needs an unsure reading.
        if (exact ? j === 0 : sure) continue;
        const u = foldKey(unit);
        const cost = levenshtein(foldKey(head), u);
        if (cost > (u.replace(/ /g, '').length >= 5 ? 2 : 1)) continue;
        const name = matchName(rest, namesOf(unit, province), sure);
        if (!name) continue;
        const text = [...words.slice(0, j), unit, name.name].join(' ');
        // A name read as listed outweighs a unit word read closer ("th xũ Hương Thủy" is "thị xã Hương Thủy",
        // not "xã Hồng Thủy").
        if (text !== part) found.push({ text, cost: cost + 2 * name.edits });
      }
    }
  }
  if (found.length === 0) return null;
  const best = Math.min(...found.map((f) => f.cost));
  const texts = new Set(found.filter((f) => f.cost === best).map((f) => f.text));
  return texts.size === 1 ? { text: [...texts][0] ?? part, cost: best } : null;
}

/**
 * Province codes an address's part names: "tỉnh Thừa Thiên Huế", or a misread unit word before it, or the name cut
 * short where its line wrapped ("tỉnh Thừa Thiên", at least two words opening one province's name).
 */
function provinceOf(part: string): Set<string> | null {
  const m = /^(\p{Ll}\S*(?:\s\p{Ll}\S*)?)\s+(\p{Lu}.*)$/u.exec(part);
  if (!m) return null;
  const key = foldKey(m[2] ?? '');
  let rows = data.provinces.filter((r) => foldKey(r[1]) === key);
  if (rows.length === 0 && key.includes(' '))
    rows = data.provinces.filter((r) => foldKey(r[1]).startsWith(`${key} `));
  return rows.length === 1 ? new Set(rows.map((r) => r[0])) : null;
}

/**
 * Comma parts (last first, so the province is known before its districts and communes) with misread unit words
 * repaired. `repaired` counts the parts changed.
 */
export function repairMisreadUnits(
  parts: readonly string[],
  sure: boolean,
): { parts: string[]; repaired: number } {
  const out = [...parts];
  let province: Set<string> | null = null;
  let repaired = 0;
  for (let i = out.length - 1; i >= 0; i--) {
    const part = out[i] ?? '';
    const r = repairPart(part, province, sure);
    if (r) {
      out[i] = r.text;
      repaired++;
    }
    province ??= provinceOf(out[i] ?? '');
  }
  return { parts: out, repaired };
}
