/** Unicode normalisation and folded comparison keys for Vietnamese text. */

/** NFC-normalise a string (precomposed code points, as stored). */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/** Collapse runs of whitespace to one space and trim. */
export function collapseSpaces(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/** Remove every diacritic (tones and vowel marks); đ/Đ become d/D. Case is kept. */
export function stripDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .normalize('NFC');
}

/**
 * Folded key for tolerant matching of labels, titles and lexicon entries: lower case, no diacritics
 * (đ → d), every run of punctuation or whitespace collapsed to one space, trimmed.
 * "Họ, chữ đệm, tên:" → "ho chu dem ten".
 */
export function foldKey(s: string): string {
  return stripDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, ' ')
    .trim();
}

/** Like foldKey but with no spaces at all ("Cơ-tu", "Cơ Tu", "Cotu" → "cotu"). */
export function compactKey(s: string): string {
  return foldKey(s).replace(/ /gu, '');
}
