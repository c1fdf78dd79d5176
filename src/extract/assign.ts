/**
 * Assigning label hits to field keys and entries. Labels repeat within an entry ("Dân tộc" for the child, the
 * mother and the father), so the printed order decides: each hit takes the first not-yet-seen field at or
 * after the position reached in the current entry that prints this label. Forms that print a field out of
 * template order (two short fields side by side) are tolerated: a label that fits only an earlier field that
 * the entry has not had yet stays in the entry. A label whose fields the entry already has — or the entry
 * number label "Số" — opens the next entry.
 */
import type { LabelHit } from './labels';

export interface AssignedHit {
  hit: LabelHit;
  entry: number;
  field: number;
}

/** How far ahead a hit may jump over unseen fields before it is taken for a misread. */
const MAX_SKIP = 8;

export function assignHits(hits: readonly LabelHit[]): AssignedHit[] {
  const out: AssignedHit[] = [];
  let entry = -1;
  let next = 0;
  let seen = new Set<number>();
  const open = (field: number, hit: LabelHit) => {
    entry++;
    seen = new Set([field]);
    out.push({ hit, entry, field });
    next = field + 1;
  };
  for (const hit of hits) {
    const fields = [...hit.pattern.fields].sort((a, b) => a - b);
    const first = fields[0];
    if (first === undefined) continue;
    if (entry < 0 || (first === 0 && (next > 0 || seen.has(0)))) {
      // First hit of the page (an entry continued from the previous page when it is not "Số"), or "Số".
      if (entry >= 0 || first <= MAX_SKIP || hit.cost === 0) open(first, hit);
      continue;
    }
    const ahead = fields.find((f) => f >= next && !seen.has(f));
    if (ahead !== undefined && !(ahead - next > MAX_SKIP && hit.cost > 0)) {
      out.push({ hit, entry, field: ahead });
      seen.add(ahead);
      next = ahead + 1;
      continue;
    }
    const behind = fields.find((f) => !seen.has(f) && f < next);
    if (behind !== undefined) {
      out.push({ hit, entry, field: behind });
      seen.add(behind);
      continue;
    }
    if (ahead === undefined) open(first, hit);
  }
  return out;
}
