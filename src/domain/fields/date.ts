/**
 * Register dates as written: full, partial (month/year, year only, day/month) and impossible
 * (31/04, 30/02, 29/02 in a common year). Impossible dates are parsed and flagged, never changed.
 */

export interface DateParts {
  day?: number;
  month?: number;
  year?: number;
}

export interface ParsedDate extends DateParts {
  /** Some part (day, month or year) is missing. */
  partial: boolean;
  /** The parts do not form a calendar date (day beyond the month's length, month outside 1..12, day 0). */
  impossible: boolean;
  /** The text is in a recognised format and the date is possible. */
  valid: boolean;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; February counts 29 when the year is unknown. */
export function daysInMonth(month: number, year?: number): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when the known parts cannot belong to one calendar date. */
export function isImpossible(p: DateParts): boolean {
  if (p.month !== undefined && (p.month < 1 || p.month > 12)) return true;
  if (p.day !== undefined) {
    if (p.day < 1 || p.day > 31) return true;
    if (p.month !== undefined && p.month >= 1 && p.month <= 12 && p.day > daysInMonth(p.month, p.year))
      return true;
  }
  return false;
}

const SEP = '\\s*[/.\\-]\\s*';
const FULL = new RegExp(`^(\\d{1,2})${SEP}(\\d{1,2})${SEP}(\\d{4})$`, 'u');
const MONTH_YEAR = new RegExp(`^(\\d{1,2})${SEP}(\\d{4})$`, 'u');
const DAY_MONTH = new RegExp(`^(\\d{1,2})${SEP}(\\d{1,2})$`, 'u');
const YEAR = /^(\d{4})$/u;

function result(parts: DateParts, partial: boolean): ParsedDate {
  const impossible = isImpossible(parts);
  return { ...parts, partial, impossible, valid: !impossible };
}

/**
 * Parse "dd/mm/yyyy", "d/m/yyyy", "dd.mm.yyyy", "dd-mm-yyyy", "mm/yyyy", "yyyy" and "dd/mm".
 * Unrecognised text gives { partial: false, impossible: false, valid: false } with no parts.
 */
export function parseDate(s: string): ParsedDate {
  const t = s.normalize('NFC').trim();
  let m = FULL.exec(t);
  if (m) return result({ day: Number(m[1]), month: Number(m[2]), year: Number(m[3]) }, false);
  m = MONTH_YEAR.exec(t);
  if (m) return result({ month: Number(m[1]), year: Number(m[2]) }, true);
  m = YEAR.exec(t);
  if (m) return result({ year: Number(m[1]) }, true);
  m = DAY_MONTH.exec(t);
  if (m) return result({ day: Number(m[1]), month: Number(m[2]) }, true);
  return { partial: false, impossible: false, valid: false };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Format the known parts with a separator ("19/10/2017", "10/2017", "2017"); null when nothing usable. */
export function formatDate(p: DateParts, sep = '/'): string | null {
  if (p.year === undefined) {
    return p.day !== undefined && p.month !== undefined ? `${pad2(p.day)}${sep}${pad2(p.month)}` : null;
  }
  if (p.month === undefined) return String(p.year);
  if (p.day === undefined) return `${pad2(p.month)}${sep}${p.year}`;
  return `${pad2(p.day)}${sep}${pad2(p.month)}${sep}${p.year}`;
}

/**
 * Export form of the import template: "dd.mm.yyyy", "mm.yyyy" or "yyyy" (impossible dates kept as
 * written). Accepts parsed parts or the transcription; null when the value is not a recognised date.
 */
export function toExportDate(d: DateParts | string): string | null {
  if (typeof d === 'string') {
    const p = parseDate(d);
    if (!p.valid && !p.impossible) return null;
    return p.year === undefined ? null : formatDate(p, '.');
  }
  return formatDate(d, '.');
}

/** Compare two dates by their known parts (year, then month, then day); undefined parts compare equal. */
export function compareDates(a: DateParts, b: DateParts): number {
  for (const k of ['year', 'month', 'day'] as const) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined) return 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** The earliest year a civil-status register, or a person named in one, plausibly carries. */
export const EARLIEST_REGISTER_YEAR = 1850;

/** A year a register can carry: EARLIEST_REGISTER_YEAR up to `latest` (default this year: nothing is dated later). */
export function isPlausibleYear(year: number, latest = new Date().getFullYear()): boolean {
  return Number.isInteger(year) && year >= EARLIEST_REGISTER_YEAR && year <= latest;
}

/** Which parts a date is written with. */
export type DateLayout = 'full' | 'month_year' | 'year' | 'day_month';

/** The layout of a date as written ("5/3/1990", "03.1990", "1990", "05/03"); null when no date layout. */
export function writtenDateLayout(s: string): DateLayout | null {
  const p = parseDate(s);
  if (p.year === undefined) return p.day !== undefined && p.month !== undefined ? 'day_month' : null;
  if (p.month === undefined) return 'year';
  return p.day === undefined ? 'month_year' : 'full';
}

/**
 * The value is a date in its transcribed form (exactly as formatDate writes it: "05/03/1990", "03/1990",
 * "1990") in one of the accepted layouts, with plausible parts: day 1–31, month 1–12, a plausible year.
 * Impossible days (31/04) pass: the register keeps them as written.
 */
export function isPlausibleDate(
  s: string,
  layouts: readonly DateLayout[] = ['full'],
  latest?: number,
): boolean {
  const layout = writtenDateLayout(s);
  if (!layout || !layouts.includes(layout)) return false;
  const p = parseDate(s);
  if (formatDate(p) !== s) return false;
  if (p.month !== undefined && (p.month < 1 || p.month > 12)) return false;
  if (p.day !== undefined && (p.day < 1 || p.day > 31)) return false;
  return p.year === undefined || isPlausibleYear(p.year, latest);
}
