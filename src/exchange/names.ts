/**
 * File names of what leaves sohoa, by a pattern the supervisor may change (a workstation setting): placeholders in
 * braces (`NAME_PLACEHOLDERS`) between literal separators, default `DEFAULT_NAME_PATTERN`, the observed
 * `<xã>_<huyện>_<tỉnh>.<TYPE>.<year>.<book>.<so>` (registers.md §8.6). The pattern names one entry's PDF; the book's
 * own files (workbook, zips) take the same pattern without `{so}` and the literal text just before it (just after it
 * when the pattern starts with `{so}`) — the "stem".
 *
 * Values: diacritics removed (đ → d), place names' words joined and capitalised ("Xã Nghi Phú" → "XaNghiPhu"), every
 * run of characters that is not a letter, digit or hyphen turned into one hyphen (so "01/2008" → "01-2008": a name
 * never carries a path separator or a dot of its own). A placeholder with no value (a 2025 commune has no district)
 * is left out with the separator before it. Literal text may only be ASCII letters, digits, `.`, `_` and `-`.
 */
import { stripDiacritics, type Book } from '../domain';

/** One part of a name: ASCII letters, digits and single hyphens, no leading or trailing hyphen. */
export function safePart(s: string): string {
  return stripDiacritics(s.normalize('NFC'))
    .replace(/[^A-Za-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/** "Xã Nghi Phú" → "XaNghiPhu": words joined, each capitalised as written. */
function placePart(s: string): string {
  return safePart(s)
    .split('-')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The placeholders of a name pattern and what each stands for (shown on the screen, Vietnamese). */
export const NAME_PLACEHOLDERS = {
  xa: 'tên xã/phường, bỏ dấu, viết liền (XaNghiPhu)',
  huyen: 'tên huyện (bỏ trống với đơn vị hành chính từ 1/7/2025)',
  tinh: 'tên tỉnh/thành phố',
  maxa: 'mã xã 5 chữ số',
  loai: 'loại sổ (KS, KH, KT, CMC, HN)',
  nam: 'năm của sổ',
  quyen: 'số quyển (01/2008 → 01-2008)',
  so: 'số của mục (bắt buộc; mục không có số: khongso)',
} as const;

export type NamePlaceholder = keyof typeof NAME_PLACEHOLDERS;

export const DEFAULT_NAME_PATTERN = '{xa}_{huyen}_{tinh}.{loai}.{nam}.{quyen}.{so}';

/** Longest pattern accepted (file systems allow 255 bytes for the whole name). */
export const MAX_PATTERN_LENGTH = 120;

type Token = { text: string } | { key: NamePlaceholder };

/** A checked pattern (from `parseNamePattern`). */
export interface NamePattern {
  readonly source: string;
  readonly tokens: readonly Token[];
}

const LITERAL = /^[A-Za-z0-9._-]*$/u;
const SEPARATORS = /^[._-]+$/u;
const isKey = (k: string): k is NamePlaceholder => Object.hasOwn(NAME_PLACEHOLDERS, k);
const list = (): string =>
  Object.keys(NAME_PLACEHOLDERS)
    .map((k) => `{${k}}`)
    .join(', ');

/** A pattern, or the Vietnamese reason it is refused (nothing is stored then). */
export function parseNamePattern(
  raw: string,
): { ok: true; pattern: NamePattern } | { ok: false; message: string } {
  const source = raw.normalize('NFC').trim();
  if (!source) return { ok: false, message: 'Mẫu tên tệp không được để trống.' };
  if (source.length > MAX_PATTERN_LENGTH)
    return { ok: false, message: `Mẫu tên tệp dài quá ${MAX_PATTERN_LENGTH} ký tự.` };
  const tokens: Token[] = [];
  const re = /\{([^{}]*)\}/gu;
  let at = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m.index > at) tokens.push({ text: source.slice(at, m.index) });
    const key = (m[1] ?? '').trim();
    if (!isKey(key))
      return {
        ok: false,
        message: `Mẫu tên tệp có chỗ điền không biết: {${m[1] ?? ''}}. Chỉ dùng được: ${list()}.`,
      };
    tokens.push({ key });
    at = m.index + m[0].length;
  }
  if (at < source.length) tokens.push({ text: source.slice(at) });
  for (const t of tokens) {
    if (!('text' in t)) continue;
    if (/[{}]/u.test(t.text)) return { ok: false, message: 'Mẫu tên tệp có dấu ngoặc { } không khớp nhau.' };
    const bad = [...t.text].find((c) => !LITERAL.test(c));
    if (bad !== undefined)
      return {
        ok: false,
        message: `Mẫu tên tệp không dùng được ký tự “${bad}”: ngoài các chỗ điền chỉ được có chữ không dấu, chữ số và các dấu . _ -`,
      };
  }
  if (!tokens.some((t) => 'key' in t && t.key === 'so'))
    return {
      ok: false,
      message: 'Mẫu tên tệp phải có {so} (số của mục) để mỗi tệp PDF mang số của mục mình.',
    };
  const first = tokens[0];
  if (first && 'text' in first && /^[.-]/u.test(first.text))
    return { ok: false, message: 'Mẫu tên tệp không được bắt đầu bằng dấu chấm hay gạch ngang.' };
  return { ok: true, pattern: { source, tokens } };
}

/** The default pattern, checked. */
export const DEFAULT_PATTERN: NamePattern = (() => {
  const p = parseNamePattern(DEFAULT_NAME_PATTERN);
  if (!p.ok) throw new Error(p.message);
  return p.pattern;
})();

/** A stored pattern, or the default when there is none or it no longer parses. */
export function patternOrDefault(raw: string | null | undefined): NamePattern {
  if (!raw) return DEFAULT_PATTERN;
  const p = parseNamePattern(raw);
  return p.ok ? p.pattern : DEFAULT_PATTERN;
}

type NamedBook = Pick<Book, 'type' | 'year' | 'bookNumber' | 'commune'>;

function values(book: NamedBook): Record<Exclude<NamePlaceholder, 'so'>, string> {
  return {
    xa: placePart(book.commune.name),
    huyen: placePart(book.commune.district),
    tinh: placePart(book.commune.province),
    maxa: safePart(book.commune.code),
    loai: book.type,
    nam: String(book.year),
    quyen: safePart(book.bookNumber) || 'quyen',
  };
}

/**
 * The tokens written out: a placeholder without a value is left out together with the separators before it (after
 * it when it comes first); separators left at either end are dropped.
 */
function render(tokens: readonly Token[], value: (k: NamePlaceholder) => string | null): string {
  const parts: { text: string; sep: boolean }[] = [];
  let dropNextSep = false;
  for (const t of tokens) {
    if ('text' in t) {
      const sep = SEPARATORS.test(t.text);
      if (!(sep && dropNextSep)) parts.push({ text: t.text, sep });
      dropNextSep = false;
      continue;
    }
    const v = value(t.key);
    if (v === null) continue;
    if (v) {
      parts.push({ text: v, sep: false });
      continue;
    }
    const prev = parts.at(-1);
    if (prev?.sep) parts.pop();
    else if (!prev) dropNextSep = true;
  }
  return parts
    .map((p) => p.text)
    .join('')
    .replace(/^[._-]+|[._-]+$/gu, '');
}

/**
 * The stem of a book's own files (workbook, zips): the pattern without `{so}` and the literal before it, e.g.
 * "XaNghiPhu_…KS.2008.01-2008".
 */
export function exportStem(book: NamedBook, pattern: NamePattern = DEFAULT_PATTERN): string {
  const v = values(book);
  const withoutSo: Token[] = [];
  for (const t of pattern.tokens) {
    if ('key' in t && t.key === 'so') {
      // Drop the literal text before {so} (after it when {so} comes first).
      const prev = withoutSo.at(-1);
      if (prev && 'text' in prev) withoutSo.pop();
      continue;
    }
    withoutSo.push(t);
  }
  if (pattern.tokens[0] && 'key' in pattern.tokens[0] && pattern.tokens[0].key === 'so') {
    const next = withoutSo[0];
    if (next && 'text' in next) withoutSo.shift();
  }
  return render(withoutSo, (k) => (k === 'so' ? null : v[k])) || 'sohoa';
}

/** Placeholder of an entry without a readable number. */
export const NO_SO = 'khongso';

/** An entry's file name without extension (before collision suffixes), e.g. "XaNghiPhu_…01-2008.12". */
export function entryStem(book: NamedBook, so: string, pattern: NamePattern = DEFAULT_PATTERN): string {
  const v = values(book);
  const s = safePart(so) || NO_SO;
  return render(pattern.tokens, (k) => (k === 'so' ? s : v[k])) || s;
}

/**
 * Unique names, in the given order: a name already given (compared without case, as Windows and macOS file systems
 * do) gets `_2`, `_3`… before its extension, the first free one — checked against every name given before, so no
 * two names can be equal whatever the pattern.
 */
export function uniqueNames(stems: readonly string[], ext: string): string[] {
  const used = new Set<string>();
  return stems.map((stem) => {
    let name = `${stem}${ext}`;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${stem}_${k}${ext}`;
    used.add(name.toLowerCase());
    return name;
  });
}
