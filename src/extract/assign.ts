/**
 * Assigning label hits to field keys and entries. Labels repeat within an entry ("Dân tộc" for the child, the
 * mother and the father), so the printed order decides: each hit takes the first field at or after the
 * position reached in the current entry that prints this label; a hit that fits only before that position
 * (or the entry number label "Số") opens the next entry.
 */
import type { RegisterDef } from '../domain/registers/types';
import type { LabelHit } from './labels';

export interface AssignedHit {
  hit: LabelHit;
  entry: number;
  field: number;
}

/** How far ahead a hit may jump over unseen fields before it is taken for a misread. */
const MAX_SKIP = 8;

export function assignHits(reg: RegisterDef, hits: readonly LabelHit[]): AssignedHit[] {
  const out: AssignedHit[] = [];
  let entry = -1;
  let next = 0;
  for (const hit of hits) {
    const fields = [...hit.pattern.fields].sort((a, b) => a - b);
    const ahead = fields.find((f) => f >= next);
    const opensEntry = fields[0] === 0 && (entry < 0 || next > 0);
    if (entry >= 0 && ahead !== undefined && !opensEntry) {
      if (ahead - next > MAX_SKIP && hit.cost > 0) continue;
      out.push({ hit, entry, field: ahead });
      next = ahead + 1;
      continue;
    }
    const first = fields[0];
    if (first === undefined) continue;
    // First hit of the page that is not the entry number: a continued entry (or a missed "Số").
    if (entry >= 0 && first - 0 > MAX_SKIP && hit.cost > 0) continue;
    entry++;
    out.push({ hit, entry, field: first });
    next = first + 1;
  }
  return out;
}
