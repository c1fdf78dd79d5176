/**
 * Whether a word is written with Vietnamese letters in a way Vietnamese spelling allows: the test that keeps
 * encoding debris out of word lists. Public name lists hold names typed in a legacy 8-bit encoding and read
 * back as Latin-1 ("Buøi" for Bùi, "Ngoâ" for Ngô, "Tuaán" for Tuấn, "Khaùnh" for Khánh); they must not be
 * offered as names. Minority and foreign names written in plain Latin letters ("Ksor", "Niê") pass.
 * (`legacy.ts` `detectLegacyEncoding` judges whole texts by byte pairs and misses "Tuaán" and "Khaùnh", which
 * use only letters Vietnamese has: the spelling rules below catch them.)
 */
import { splitTone } from './tone';

/** Letters of the Vietnamese alphabet with every tone (and f, j, w, z of foreign and minority names). */
const ALPHABET = /^[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ'-]+$/u;
const TONE_MARK = '[\\u0300\\u0301\\u0303\\u0309\\u0323]';
const TONE_MARKS = new RegExp(TONE_MARK, 'gu');
/** a followed by i, o, u or y carrying a tone (NFD). */
const TONE_AFTER_A = new RegExp(`a[iouy]${TONE_MARK}`, 'u');
/** Vowel letters without their tone. */
const VOWEL = /[aăâeêioôơuưy]/u;

export function isVietnameseSpelling(word: string): boolean {
  const w = word.normalize('NFC').toLowerCase();
  if (!ALPHABET.test(w)) return false;
  // One tone per syllable.
  if ((w.normalize('NFD').match(TONE_MARKS)?.length ?? 0) > 1) return false;
  // The vowels after the onsets gi and qu ("giấy", "quân"), whose i and u are not vowels of the rhyme.
  const toneless = splitTone(w).base;
  const base = toneless.replace(/^(gi|qu)(?=[aăâeêioôơuưy])/u, '');
  // No syllable doubles a, e, i, u or y ("oo" is written: boong, xoong).
  if (/aa|ee|ii|uu|yy/u.test(base)) return false;
  // â follows no vowel but u (tuân, quân); ă none but o (hoặc) and u (quăng).
  if (/[aăâeêioôơưy]â|[aăâeêiôơưy]ă/u.test(base)) return false;
  // a before i, o, u, y carries the tone itself (tài, cháo, sáu, tay): a tone on the second letter is debris.
  if (TONE_AFTER_A.test(w.normalize('NFD'))) return false;
  // A word with Vietnamese marks has a vowel.
  return VOWEL.test(toneless) || !/[^a-z'-]/u.test(w);
}
