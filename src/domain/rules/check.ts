/** The two entry points of the catalogue: `checkEntry` (field and entry rules) and `checkBook` (book rules). */
import type { FieldValue } from '../records/entry';
import { REGISTERS, REGISTER_TYPES } from '../registers';
import type { FieldDef } from '../registers/types';
import { codeFindings } from './codes';
import { dateEntryFindings, dateFieldFindings } from './dates';
import { formatFindings } from './format';
import { idFindings } from './ids';
import { numberingFindings, type BookContext, type BookEntry } from './numbering';
import { ageFindings } from './people';
import type { EntryInput, Finding, RuleContext } from './types';
import { valueOf } from './values';

/** Every finding about one entry: each field on its own, then the rules across its fields. */
export function checkEntry(entry: EntryInput, ctx: RuleContext = {}): Finding[] {
  const out: Finding[] = [];
  for (const def of REGISTERS[entry.type].fields) {
    const field = entry.fields[def.key];
    const value = valueOf(entry.fields, def.key);
    if (!field || !value) continue;
    out.push(
      ...formatFindings(def, field, value),
      ...dateFieldFindings(def, field, value, ctx),
      ...codeFindings(def, value),
    );
  }
  out.push(...dateEntryFindings(entry, ctx), ...ageFindings(entry), ...idFindings(entry, ctx));
  return out;
}

/** Findings shown under one field of the form: those whose first field is `key`. */
export function findingsByField(findings: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.fields[0];
    if (key !== undefined) m.set(key, [...(m.get(key) ?? []), f]);
  }
  return m;
}

/**
 * Findings about one field of an entry (`field` in place of the entry's value of `def.key`), for callers that
 * hold a field definition rather than an entry. The register is the one `def` belongs to.
 */
export function fieldFindings(
  def: FieldDef,
  field: FieldValue | undefined,
  all: Readonly<Record<string, FieldValue>>,
  ctx: RuleContext = {},
): Finding[] {
  const type = REGISTER_TYPES.find((t) => REGISTERS[t].fields.includes(def));
  if (!type) return [];
  const fields = field
    ? { ...all, [def.key]: field }
    : Object.fromEntries(Object.entries(all).filter(([k]) => k !== def.key));
  return checkEntry({ type, fields }, ctx).filter((f) => f.fields[0] === def.key);
}

/**
 * Book rules over the entries of all the books of one year (numbering continues across them), in any order.
 * `ctx.bookYears` gives each book's year (Book.year).
 */
export function checkBook(entries: readonly BookEntry[], ctx: BookContext = {}): Finding[] {
  return numberingFindings(entries, ctx);
}
