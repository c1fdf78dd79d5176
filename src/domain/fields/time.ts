/** Time of day as printed ("14 giờ 05 phút"), and the KT line "14 giờ 05 phút, ngày 12/03/2023". */
import { stripDiacritics } from '../text/normalize';

export interface TimeParts {
  hour: number;
  minute?: number;
}

export interface ParsedTime extends Partial<TimeParts> {
  valid: boolean;
}

const TIME_RE = /^(\d{1,2})\s*(?:gio|g|h|:)\s*(?:(\d{1,2})\s*(?:phut|p|ph|')?)?\.?$/u;

/** Parse "14 giờ 05 phút", "14 giờ", "14h05", "14:05", "14g05p"; diacritics optional. */
export function parseTime(s: string): ParsedTime {
  const t = stripDiacritics(s.normalize('NFC')).toLowerCase().replace(/\s+/gu, ' ').trim();
  const m = TIME_RE.exec(t);
  if (!m) return { valid: false };
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? undefined : Number(m[2]);
  const valid = hour <= 24 && (minute === undefined || minute <= 59);
  return minute === undefined ? { hour, valid } : { hour, minute, valid };
}

/** Format as the registers print it: hour unpadded, minutes two digits ("6 giờ 08 phút"). */
export function formatTime(t: TimeParts): string {
  if (t.minute === undefined) return `${t.hour} giờ`;
  return `${t.hour} giờ ${String(t.minute).padStart(2, '0')} phút`;
}

/**
 * Split a KT "Thời gian chết" value into its time and date parts:
 * "14 giờ 05 phút, ngày 12/03/2023" → { time: "14 giờ 05 phút", date: "12/03/2023" }.
 * Missing parts are empty strings; text is kept verbatim (trimmed).
 */
export function splitTimeAndDate(s: string): { time: string; date: string } {
  const t = s.normalize('NFC').trim();
  const m = /^(.*?)[,;]?\s*(?:ngày|ngay)\s+(.+)$/iu.exec(t);
  if (m) return { time: (m[1] ?? '').replace(/[,;\s]+$/u, '').trim(), date: (m[2] ?? '').trim() };
  if (/\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}/u.test(t) && !/gi[oờ]/iu.test(t))
    return { time: '', date: t };
  return { time: t, date: '' };
}
