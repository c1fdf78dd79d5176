export { RULES, RULE_CODES, finding } from './catalogue';
export type { RuleCode } from './catalogue';
export type { EntryInput, Finding, RuleContext, Severity } from './types';
export { checkBook, checkEntry, fieldFindings, findingsByField } from './check';
export type { BookContext, BookEntry } from './numbering';
export { MARRIAGE_AGE_LAWS, marriageLawOf, ageRange, PARENT_AGE_MIN, PARENT_AGE_MAX } from './people';
export { isKnownSyllable } from './format';
export { expectedIdProvince } from './ids';
