/** Vietnamese numbers in words ("hai nghìn không trăm mười bảy") both ways. */
import { foldKey } from '../text/normalize';

export interface NumberWordsStyle {
  /** Thousand word: 'nghìn' (default, northern/official) or 'ngàn'. */
  thousand?: 'nghìn' | 'ngàn';
  /** Zero tens before a unit: 'linh' (default) or 'lẻ' ("một trăm linh năm"). */
  zeroTens?: 'linh' | 'lẻ';
  /** Unit 4 after a tens word ≥ 20: 'tư' (default, "hai mươi tư") or 'bốn'. */
  four?: 'tư' | 'bốn';
  /** Unit 5 after a tens word: 'lăm' (default) or 'nhăm'. */
  five?: 'lăm' | 'nhăm';
  /** Unit 1 after a tens word ≥ 20: 'mốt' (default) or 'một'. */
  one?: 'mốt' | 'một';
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

function digit(d: number): string {
  return DIGITS[d] ?? '';
}

/** Words for 0..999; `full` forces "không trăm" / "linh" when a higher group precedes. */
function groupWords(n: number, full: boolean, st: Required<NumberWordsStyle>): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const w: string[] = [];
  if (h > 0 || full) w.push(digit(h), 'trăm');
  if (t === 0) {
    if (u > 0 && w.length > 0) w.push(st.zeroTens);
    if (u > 0) w.push(digit(u));
    return w;
  }
  if (t === 1) w.push('mười');
  else w.push(digit(t), 'mươi');
  if (u === 1) w.push(t === 1 ? 'một' : st.one);
  else if (u === 4) w.push(t === 1 ? 'bốn' : st.four);
  else if (u === 5) w.push(st.five);
  else if (u > 0) w.push(digit(u));
  return w;
}

/** Integer 0..999 999 999 999 in Vietnamese words, lower case. */
export function numberToWords(n: number, style: NumberWordsStyle = {}): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`numberToWords: ${n}`);
  if (n === 0) return 'không';
  const st: Required<NumberWordsStyle> = {
    thousand: style.thousand ?? 'nghìn',
    zeroTens: style.zeroTens ?? 'linh',
    four: style.four ?? 'tư',
    five: style.five ?? 'lăm',
    one: style.one ?? 'mốt',
  };
  const scales = ['', st.thousand, 'triệu', 'tỷ'];
  const groups: number[] = [];
  for (let r = n; r > 0; r = Math.floor(r / 1000)) groups.push(r % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] ?? 0;
    if (g === 0) continue;
    words.push(...groupWords(g, words.length > 0, st));
    if (scales[i]) words.push(scales[i] ?? '');
  }
  return words.join(' ');
}

// prettier-ignore
const UNIT_WORDS: Record<string, number> = {
  khong: 0, mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, lam: 5, nham: 5,
  sau: 6, bay: 7, tam: 8, chin: 9,
};
const SCALE_WORDS: Record<string, number> = { nghin: 1e3, ngan: 1e3, trieu: 1e6, ty: 1e9, ti: 1e9 };

/**
 * Parse Vietnamese number words (case, diacritics and punctuation ignored). Accepts mười/mươi, mốt, tư,
 * lăm/nhăm, linh/lẻ, nghìn/ngàn, and plain digit tokens. Returns null when unparsable.
 */
export function wordsToNumber(s: string): number | null {
  const tokens = foldKey(s).split(' ').filter(Boolean);
  if (tokens.length === 0) return null;
  let total = 0;
  let group = 0;
  let pending: number | null = null;
  let any = false;
  for (const tok of tokens) {
    if (/^\d+$/u.test(tok)) {
      if (pending !== null) return null;
      pending = Number(tok);
    } else if (tok in UNIT_WORDS) {
      if (pending !== null) return null;
      pending = UNIT_WORDS[tok] ?? 0;
    } else if (tok === 'muoi' || tok === 'chuc') {
      group += pending !== null ? pending * 10 : 10;
      pending = null;
    } else if (tok === 'tram') {
      if (pending === null) return null;
      group += pending * 100;
      pending = null;
    } else if (tok === 'linh' || tok === 'le') {
      if (pending !== null) return null;
    } else if (tok in SCALE_WORDS) {
      group += pending ?? 0;
      pending = null;
      if (group === 0) return null;
      total += group * (SCALE_WORDS[tok] ?? 1);
      group = 0;
    } else {
      return null;
    }
    any = true;
  }
  if (!any) return null;
  return total + group + (pending ?? 0);
}
