/**
 * Field warnings of the entry form, through the rule catalogue (`rules/`): never blocking, never rewriting the
 * value. Kept as a thin adapter; new code calls `checkEntry` / `fieldFindings` and gets codes and severities.
 */
import { parseDate } from '../fields/date';
import type { FieldDef } from '../registers/types';
import { fieldFindings } from '../rules/check';
import type { RuleContext } from '../rules/types';
import type { FieldValue } from './entry';

/**
 * Vietnamese messages of the errors and warnings about one field of an entry (other fields give context, e.g.
 * sex for the ID number); info findings (a partial date, an alias) are left out.
 */
export function fieldWarnings(
  def: FieldDef,
  field: FieldValue | undefined,
  all: Record<string, FieldValue>,
  ctx: RuleContext = {},
): string[] {
  return fieldFindings(def, field, all, ctx)
    .filter((f) => f.severity !== 'info')
    .map((f) => f.message);
}

/** True when the value is a date that cannot exist (the operator may flag it 'impossible_date'). */
export function isImpossibleDate(def: FieldDef, value: string): boolean {
  return (def.kind === 'date' || def.kind === 'year_or_date') && parseDate(value).impossible;
}
