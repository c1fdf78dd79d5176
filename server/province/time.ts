/**
 * Vietnam's calendar (UTC+7, no daylight saving) for the province reports: the days and months the workstations
 * count in (their local time), whatever the server's own time zone. Migration 004's `report_day` is the same rule.
 */
const OFFSET_MS = 7 * 3_600_000;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The day `yyyy-mm-dd` of a time in Vietnam. */
export function vnDay(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The month `yyyy-mm` of a time in Vietnam. */
export const vnMonth = (ms: number): string => vnDay(ms).slice(0, 7);

/** Start (inclusive) and end (exclusive) of a month `yyyy-mm` of Vietnam's calendar, in ms since the epoch. */
export function vnMonthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(y, m - 1, 1) - OFFSET_MS, to: Date.UTC(y, m, 1) - OFFSET_MS };
}

/** A time as dd/mm/yyyy in Vietnam. */
export const vnDmy = (ms: number): string => vnDay(ms).split('-').reverse().join('/');
