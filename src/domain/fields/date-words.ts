/**
 * Dates written out in words, as in the "ghi bằng chữ" line of birth registers:
 * "Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy".
 */
import { foldKey } from '../text/normalize';
import type { DateParts } from './date';
import { numberToWords, wordsToNumber, type NumberWordsStyle } from './number-words';

export interface DateWordsStyle extends NumberWordsStyle {
  /** 'first' (default): only the first word capitalised; 'words': every word; 'none': all lower case. */
  capitalize?: 'first' | 'words' | 'none';
  /** Prefix days 1..10 with "mồng" (default) or "mùng", or nothing (false). */
  dayPrefix?: 'mồng' | 'mùng' | false;
  /** Month 4: 'tư' (default) or 'bốn'. */
  monthFour?: 'tư' | 'bốn';
  /** Separate the parts with commas ("Ngày hai mươi sáu, tháng sáu, năm …"). */
  commas?: boolean;
}

function capitalizeWords(s: string, mode: 'first' | 'words' | 'none'): string {
  if (mode === 'none') return s;
  if (mode === 'first') return s.charAt(0).toUpperCase() + s.slice(1);
  return s.replace(/(^|\s)(\p{L})/gu, (_, sp: string, c: string) => sp + c.toUpperCase());
}

/** Generate the register wording for a full or partial date (default style = the printed pages). */
export function dateToWords(d: DateParts, style: DateWordsStyle = {}): string {
  const parts: string[] = [];
  if (d.day !== undefined) {
    const prefix = style.dayPrefix === undefined ? 'mồng' : style.dayPrefix;
    const w = numberToWords(d.day, style);
    parts.push(`ngày ${prefix && d.day <= 10 ? `${prefix} ` : ''}${w}`);
  }
  if (d.month !== undefined) {
    const w = d.month === 4 ? (style.monthFour ?? 'tư') : numberToWords(d.month, style);
    parts.push(`tháng ${w}`);
  }
  if (d.year !== undefined) parts.push(`năm ${numberToWords(d.year, style)}`);
  return capitalizeWords(parts.join(style.commas ? ', ' : ' '), style.capitalize ?? 'first');
}

const MONTH_NAMES: Record<string, number> = { gieng: 1, chap: 12 };

function monthValue(tokens: string[]): number | null {
  if (tokens.length === 1 && tokens[0] !== undefined && tokens[0] in MONTH_NAMES) {
    return MONTH_NAMES[tokens[0]] ?? null;
  }
  const n = wordsToNumber(tokens.join(' '));
  return n !== null && n >= 1 && n <= 12 ? n : null;
}

/**
 * Parse a date in words (any case, with or without diacritics, commas, "mồng"/"mùng", nghìn/ngàn,
 * linh/lẻ, mốt, tư, lăm/nhăm; digits also accepted). Handles "tháng năm năm …" (month 5).
 * Returns the parts found, or null when unparsable.
 */
export function wordsToDate(s: string): DateParts | null {
  const tokens = foldKey(s).split(' ').filter(Boolean);
  const iNgay = tokens.indexOf('ngay');
  const iThang = tokens.indexOf('thang');
  const out: DateParts = {};
  let rest: string[] = [];
  if (iThang >= 0) {
    if (iNgay > iThang) return null;
    if (iNgay >= 0) {
      const dayTok = tokens.slice(iNgay + 1, iThang).filter((t) => t !== 'mong' && t !== 'mung');
      const day = wordsToNumber(dayTok.join(' '));
      if (day === null || day < 1 || day > 31) return null;
      out.day = day;
    } else if (iThang > 0) {
      return null;
    }
    const after = tokens.slice(iThang + 1);
    // The month is the longest token run (≤ 3) that reads as 1..12 and is followed by the year word "năm".
    let found = false;
    for (let k = Math.min(3, after.length - 1); k >= 1; k--) {
      const m = monthValue(after.slice(0, k));
      if (m !== null && after[k] === 'nam') {
        out.month = m;
        rest = after.slice(k + 1);
        found = true;
        break;
      }
    }
    if (!found) {
      const m = monthValue(after);
      if (m === null) return null;
      out.month = m;
      return out;
    }
  } else {
    if (iNgay >= 0 || tokens[0] !== 'nam') return null;
    rest = tokens.slice(1);
  }
  const year = wordsToNumber(rest.join(' '));
  if (year === null || year < 1000 || year > 2999) return null;
  out.year = year;
  return out;
}
