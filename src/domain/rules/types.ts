/** Shared types of the validation rule catalogue (see README.md). Pure. */
import type { CommuneRef } from '../records/book';
import type { FieldValue } from '../records/entry';
import type { RegisterType } from '../registers/types';
import type { RuleCode } from './catalogue';

/** How much a finding matters. None blocks anything: the register's text is kept as written. */
export type Severity = 'error' | 'warning' | 'info';

/** One thing a rule noticed. */
export interface Finding {
  /** Stable rule code, e.g. "date.impossible" (catalogue.ts). */
  code: RuleCode;
  severity: Severity;
  /** Vietnamese message for the user, about this value. */
  message: string;
  /** Field keys concerned; the first is the field the entry form shows the finding under. */
  fields: string[];
  /** Book rules: the entries concerned (for an entry rule, the caller knows the entry). */
  entryIds?: string[];
}

/** What an entry rule reads of an entry. */
export interface EntryInput {
  type: RegisterType;
  fields: Readonly<Record<string, FieldValue>>;
}

/** What the entry rules may know beside the entry: its book, and the year "today" for plausibility. */
export interface RuleContext {
  /** The book's year (Book.year): registration dates are expected in it. */
  bookYear?: number | null;
  /** The book's commune: its province is the expected ID province code of a birth registered in it. */
  commune?: CommuneRef | null;
  /** Latest plausible year (default: this year). */
  latestYear?: number;
}
