/** Pure view helpers of the entry form: field tones, "uncertain" fields, next-field navigation. */
import { confidenceBand } from '../domain/fields/confidence';
import type { Entry, FieldValue } from '../domain/records/entry';
import { REGISTERS } from '../domain/registers';
import type { FieldDef } from '../domain/registers/types';
import { checkEntry, findingsByField } from '../domain/rules/check';
import type { Finding, RuleContext } from '../domain/rules/types';

export type FieldTone = 'high' | 'medium' | 'low' | 'confirmed' | 'flagged' | 'empty';

export interface FieldView {
  def: FieldDef;
  field: FieldValue | undefined;
  tone: FieldTone;
  /** Messages of the field's errors and warnings (info findings left out). */
  warnings: string[];
  /** Every finding of the rule catalogue shown under this field (code, severity, message), info included. */
  findings: Finding[];
  /** Needs the operator's eye: not confirmed and (low confidence, warnings or empty without a flag). */
  uncertain: boolean;
}

export function fieldTone(f: FieldValue | undefined): FieldTone {
  if (!f) return 'empty';
  if (f.flags.length) return 'flagged';
  if (f.confirmed || f.source !== 'ocr') return 'confirmed';
  if (!f.value) return 'empty';
  return confidenceBand(f.ocr?.confidence ?? 0);
}

/** Views of an entry's fields; `ctx` (the book's year and commune) enables the rules that need the book. */
export function fieldViews(entry: Entry, ctx: RuleContext = {}): FieldView[] {
  const byField = findingsByField(checkEntry(entry, ctx));
  return REGISTERS[entry.type].fields.map((def) => {
    const field = entry.fields[def.key];
    const findings = byField.get(def.key) ?? [];
    const warnings = findings.filter((f) => f.severity !== 'info').map((f) => f.message);
    const tone = fieldTone(field);
    const uncertain =
      !field?.confirmed && (tone === 'low' || tone === 'medium' || tone === 'empty' || warnings.length > 0);
    return { def, field, tone, warnings, findings, uncertain };
  });
}

/** Key of the first uncertain field after `fromKey` (wrapping), or null if none is left. */
export function nextUncertainKey(views: readonly FieldView[], fromKey: string | null): string | null {
  const n = views.length;
  const start = fromKey ? views.findIndex((v) => v.def.key === fromKey) : -1;
  for (let k = 1; k <= n; k++) {
    const v = views[(start + k + n) % n];
    if (v?.uncertain) return v.def.key;
  }
  return null;
}

/** Entry state after an edit: an entry all of whose fields are confirmed or flagged is keyed. */
export function isFullyKeyed(views: readonly FieldView[]): boolean {
  return views.every((v) => v.field?.confirmed === true || (v.field?.flags.length ?? 0) > 0);
}

/** What the validation rules need of a book (its year and commune); nothing without a book. */
export function bookRuleContext(book: { year: number; commune: RuleContext['commune'] } | null): RuleContext {
  return book ? { bookYear: book.year, commune: book.commune } : {};
}
