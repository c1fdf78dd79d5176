/** Builders of the rule tests: entries from plain values. */
import type { FieldFlag, FieldValue } from '../../../../src/domain/records/entry';
import type { RegisterType } from '../../../../src/domain/registers/types';
import type { EntryInput, Finding } from '../../../../src/domain/rules/types';

export const fv = (value: string, flags: FieldFlag[] = []): FieldValue => ({
  value,
  flags,
  source: 'keyed',
  confirmed: false,
});

export function entry(type: RegisterType, values: Record<string, string | FieldValue>): EntryInput {
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(values)) fields[k] = typeof v === 'string' ? fv(v) : v;
  return { type, fields };
}

export const codes = (fs: readonly Finding[]): string[] => fs.map((f) => f.code);

export const only = (fs: readonly Finding[], code: string): Finding[] => fs.filter((f) => f.code === code);
