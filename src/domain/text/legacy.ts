/**
 * Legacy 8-bit Vietnamese encodings read as Latin-1/CP1252 text: TCVN3 (ABC, ".Vn" fonts) and
 * VNI-Windows (base letter + trailing modifier byte). Longer than usual because it holds the mapping tables.
 */

export type LegacyEncoding = 'tcvn3' | 'vni';

/** TCVN3 (TCVN 5712:1993 VN3): byte (as Latin-1 character) → Unicode letter. */
// prettier-ignore
const TCVN3_PAIRS: [string, string][] = [
  ['\u00a1', 'Ă'], ['\u00a2', 'Â'], ['\u00a3', 'Ê'], ['\u00a4', 'Ô'], ['\u00a5', 'Ơ'], ['\u00a6', 'Ư'], ['\u00a7', 'Đ'],
  ['\u00a8', 'ă'], ['\u00a9', 'â'], ['\u00aa', 'ê'], ['\u00ab', 'ô'], ['\u00ac', 'ơ'], ['\u00ad', 'ư'], ['\u00ae', 'đ'],
  ['\u00b5', 'à'], ['\u00b6', 'ả'], ['\u00b7', 'ã'], ['\u00b8', 'á'], ['\u00b9', 'ạ'],
  ['\u00bb', 'ằ'], ['\u00bc', 'ẳ'], ['\u00bd', 'ẵ'], ['\u00be', 'ắ'], ['\u00c6', 'ặ'],
  ['\u00c7', 'ầ'], ['\u00c8', 'ẩ'], ['\u00c9', 'ẫ'], ['\u00ca', 'ấ'], ['\u00cb', 'ậ'],
  ['\u00cc', 'è'], ['\u00ce', 'ẻ'], ['\u00cf', 'ẽ'], ['\u00d0', 'é'], ['\u00d1', 'ẹ'],
  ['\u00d2', 'ề'], ['\u00d3', 'ể'], ['\u00d4', 'ễ'], ['\u00d5', 'ế'], ['\u00d6', 'ệ'],
  ['\u00d7', 'ì'], ['\u00d8', 'ỉ'], ['\u00dc', 'ĩ'], ['\u00dd', 'í'], ['\u00de', 'ị'],
  ['\u00df', 'ò'], ['\u00e1', 'ỏ'], ['\u00e2', 'õ'], ['\u00e3', 'ó'], ['\u00e4', 'ọ'],
  ['\u00e5', 'ồ'], ['\u00e6', 'ổ'], ['\u00e7', 'ỗ'], ['\u00e8', 'ố'], ['\u00e9', 'ộ'],
  ['\u00ea', 'ờ'], ['\u00eb', 'ở'], ['\u00ec', 'ỡ'], ['\u00ed', 'ớ'], ['\u00ee', 'ợ'],
  ['\u00ef', 'ù'], ['\u00f1', 'ủ'], ['\u00f2', 'ũ'], ['\u00f3', 'ú'], ['\u00f4', 'ụ'],
  ['\u00f5', 'ừ'], ['\u00f6', 'ử'], ['\u00f7', 'ữ'], ['\u00f8', 'ứ'], ['\u00f9', 'ự'],
  ['\u00fa', 'ỳ'], ['\u00fb', 'ỷ'], ['\u00fc', 'ỹ'], ['\u00fd', 'ý'], ['\u00fe', 'ỵ'],
];
const TCVN3_MAP = new Map(TCVN3_PAIRS);

/** Convert TCVN3 text (decoded as Latin-1) to Unicode NFC. Unmapped characters pass through. */
export function tcvn3ToUnicode(s: string): string {
  let out = '';
  for (const ch of s) out += TCVN3_MAP.get(ch) ?? ch;
  return out.normalize('NFC');
}

/** VNI modifiers (lower-case form) → combining marks. */
// prettier-ignore
const VNI_TONE: Record<string, string> = {
  ù: '\u0301', ø: '\u0300', û: '\u0309', õ: '\u0303', ï: '\u0323',
};
/** Modifiers on a/e/o that add a circumflex (+ tone). */
// prettier-ignore
const VNI_CIRC: Record<string, string> = {
  â: '', á: '\u0301', à: '\u0300', å: '\u0309', ã: '\u0303', ä: '\u0323',
};
/** Modifiers on a that add a breve (+ tone). */
// prettier-ignore
const VNI_BREVE: Record<string, string> = {
  ê: '', é: '\u0301', è: '\u0300', ú: '\u0309', ü: '\u0303', ë: '\u0323',
};
/** Single-byte VNI letters. */
// prettier-ignore
const VNI_SINGLE: Record<string, string> = {
  ô: 'ơ', ö: 'ư', ñ: 'đ', í: 'í', ì: 'ì', æ: 'ỉ', ó: 'ĩ', ò: 'ị', î: 'ỵ',
  Ô: 'Ơ', Ö: 'Ư', Ñ: 'Đ', Í: 'Í', Ì: 'Ì', Æ: 'Ỉ', Ó: 'Ĩ', Ò: 'Ị', Î: 'Ỵ',
};

function vniCombine(base: string, mod: string): string | null {
  const m = mod.toLowerCase();
  const b = base.toLowerCase();
  if (b === 'a' && m in VNI_BREVE) return base + '\u0306' + (VNI_BREVE[m] ?? '');
  if ((b === 'a' || b === 'e' || b === 'o') && m in VNI_CIRC) return base + '\u0302' + (VNI_CIRC[m] ?? '');
  if ('aeouy'.includes(b) && m in VNI_TONE) return base + (VNI_TONE[m] ?? '');
  if ((b === 'ô' || b === 'ö') && m in VNI_TONE) {
    return (VNI_SINGLE[base] ?? base) + (VNI_TONE[m] ?? '');
  }
  return null;
}

/** Convert VNI-Windows text (decoded as Latin-1) to Unicode NFC. */
export function vniToUnicode(s: string): string {
  const chars = [...s];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const next = chars[i + 1];
    if (next !== undefined) {
      const combined = vniCombine(ch, next);
      if (combined !== null) {
        out += combined;
        i++;
        continue;
      }
    }
    out += VNI_SINGLE[ch] ?? ch;
  }
  return out.normalize('NFC');
}

/** Characters that occur in TCVN3 text but never in Unicode Vietnamese nor as VNI bytes. */
const TCVN3_STRONG =
  /[\u00a1-\u00a7\u00a8-\u00ae\u00b5-\u00b9\u00bb-\u00be\u00c7\u00d0\u00d7\u00dc\u00de\u00df\u00f7\u00fe]/gu;
/** Consonant followed by a TCVN3 vowel byte that Unicode Vietnamese never has after a consonant. */
const TCVN3_AFTER_CONSONANT =
  /[bcdghklmnpqrstvx][\u00e5-\u00e8\u00eb\u00ee\u00ef\u00f1\u00f6\u00f8\u00fb\u00fc\u00e4]/giu;
/** VNI: vowel + modifier byte sequences impossible in Unicode Vietnamese. */
const VNI_PAIR =
  /[aeouyAEOUY][\u00f8\u00fb\u00ef\u00e5\u00e4\u00eb\u00fc\u00d8\u00db\u00cf\u00c5\u00c4\u00cb\u00dc]|[aeoAEO][\u00e2\u00c2]|[\u00f4\u00f6\u00d4\u00d6][\u00f9\u00f8\u00fb\u00f5\u00ef\u00d9\u00d8\u00db\u00d5\u00cf]|(?:^|[^\p{L}])[\u00f1\u00d1]/gu;
/** Letters only found in real Unicode Vietnamese (ă, đ, ĩ, ũ, ơ, ư, and the U+1EA0 block). */
const UNICODE_VI = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/u;

/** Guess whether `s` is TCVN3 or VNI text read as Latin-1; null when it looks like Unicode or plain ASCII. */
export function detectLegacyEncoding(s: string): LegacyEncoding | null {
  if (UNICODE_VI.test(s.normalize('NFC'))) return null;
  const tcvn = (s.match(TCVN3_STRONG)?.length ?? 0) + (s.match(TCVN3_AFTER_CONSONANT)?.length ?? 0);
  const vni = s.match(VNI_PAIR)?.length ?? 0;
  if (tcvn === 0 && vni === 0) return null;
  return tcvn >= vni ? 'tcvn3' : 'vni';
}

/** Convert `s` to Unicode if it is detected as a legacy encoding; otherwise return it NFC-normalised. */
export function legacyToUnicode(s: string): { text: string; encoding: LegacyEncoding | null } {
  const encoding = detectLegacyEncoding(s);
  if (encoding === 'tcvn3') return { text: tcvn3ToUnicode(s), encoding };
  if (encoding === 'vni') return { text: vniToUnicode(s), encoding };
  return { text: s.normalize('NFC'), encoding: null };
}
