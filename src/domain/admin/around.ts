/**
 * Place names around a book's commune, written as registers write them (unit words in lower case, each unit
 * followed by its parents): "phường Phước Vĩnh, thành phố Huế, tỉnh Thừa Thiên Huế". For keying suggestions:
 * every commune and district of the book's province with their parents, and every province of the same list.
 * The unit lists hold no villages or hamlets; those come from the book's own values.
 */
import type { CommuneRef } from '../records/book';
import { UNITS_BY_LIST, type AdminRow as Row } from './units';

const phrase = (r: Row): string => (r[2] ? `${r[2]} ${r[1]}` : r[1]).normalize('NFC');

export interface PlaceAround {
  text: string;
  /** 3 = the book's commune, 2 = its district, 1 = elsewhere in its province, 0 = another province. */
  nearness: number;
}

const cache = new Map<string, PlaceAround[]>();

/** Places around the book's commune (its province's communes and districts, and every province), nearest first. */
export function placesAround(ref: CommuneRef): PlaceAround[] {
  const key = `${ref.list}:${ref.code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const u = UNITS_BY_LIST[ref.list];
  const communes = new Map(u.communes.map((r) => [r[0], r]));
  const districts = new Map((u.districts ?? []).map((r) => [r[0], r]));
  const provinces = new Map(u.provinces.map((r) => [r[0], r]));
  const own = communes.get(ref.code);
  const ownDistrict = own && u.districts ? own[3] : undefined;
  const provinceCode = own ? (u.districts ? districts.get(own[3] ?? '')?.[3] : own[3]) : undefined;
  const out: PlaceAround[] = [];
  const province = provinceCode ? provinces.get(provinceCode) : undefined;
  if (province) {
    const p = phrase(province);
    for (const d of u.districts ?? []) {
      if (d[3] !== provinceCode) continue;
      out.push({ text: `${phrase(d)}, ${p}`, nearness: d[0] === ownDistrict ? 2 : 1 });
    }
    for (const c of u.communes) {
      const d = u.districts ? districts.get(c[3] ?? '') : undefined;
      if ((d ? d[3] : c[3]) !== provinceCode) continue;
      const chain = [phrase(c), ...(d ? [phrase(d)] : []), p].join(', ');
      out.push({ text: chain, nearness: c[0] === ref.code ? 3 : d && d[0] === ownDistrict ? 2 : 1 });
    }
  }
  for (const r of u.provinces) out.push({ text: phrase(r), nearness: r[0] === provinceCode ? 2 : 0 });
  out.sort((a, b) => b.nearness - a.nearness);
  cache.set(key, out);
  return out;
}
