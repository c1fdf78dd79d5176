/** Personal names: syllables, spacing and capitalisation conventions. */
import { collapseSpaces, nfc } from '../text/normalize';

/** Split a name into syllables (whitespace-separated, NFC). Hyphens and apostrophes stay inside ("H'Hen"). */
export function splitSyllables(name: string): string[] {
  const t = collapseSpaces(nfc(name));
  return t === '' ? [] : t.split(' ');
}

function capitalizeSyllable(s: string): string {
  return s
    .toLocaleLowerCase('vi')
    .replace(/(^|[-'’])(\p{L})/gu, (_, p: string, c: string) => p + c.toLocaleUpperCase('vi'));
}

/** Title case per syllable ("NGUYỄN văn an" → "Nguyễn Văn An"; "h'hen" → "H'Hen"). */
export function capitalizeName(name: string): string {
  return splitSyllables(name).map(capitalizeSyllable).join(' ');
}

export type NameCase = 'title' | 'upper' | 'lower' | 'mixed' | 'empty';

/** Which case convention a name follows. */
export function nameCase(name: string): NameCase {
  const syl = splitSyllables(name);
  if (syl.length === 0) return 'empty';
  const joined = syl.join(' ');
  if (joined === joined.toLocaleUpperCase('vi') && /\p{Lu}/u.test(joined)) return 'upper';
  if (joined === joined.toLocaleLowerCase('vi')) return 'lower';
  if (syl.every((s) => s === capitalizeSyllable(s))) return 'title';
  return 'mixed';
}

export interface NameWarning {
  code: 'empty' | 'spacing' | 'case' | 'digit' | 'single_syllable';
  message: string;
}

/** Warnings (never errors) about a transcribed name: spacing, digits, case convention, lone syllable. */
export function checkName(name: string): NameWarning[] {
  const out: NameWarning[] = [];
  const n = nfc(name);
  if (collapseSpaces(n) === '') return [{ code: 'empty', message: 'Chưa có họ tên' }];
  if (n !== collapseSpaces(n)) out.push({ code: 'spacing', message: 'Thừa khoảng trắng' });
  if (/\d/u.test(n)) out.push({ code: 'digit', message: 'Họ tên có chữ số' });
  const c = nameCase(n);
  if (c === 'mixed' || c === 'lower')
    out.push({ code: 'case', message: 'Chữ hoa, chữ thường không đúng quy ước' });
  if (splitSyllables(n).length === 1)
    out.push({ code: 'single_syllable', message: 'Họ tên chỉ có một âm tiết' });
  return out;
}
