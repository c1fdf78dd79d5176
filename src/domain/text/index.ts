export { nfc, collapseSpaces, stripDiacritics, foldKey, compactKey } from './normalize';
export { splitTone, applyTone, toneVowelIndex, normalizeTonePlacement, toneInsensitiveKey } from './tone';
export type { Tone, TonePlacement } from './tone';
export { detectLegacyEncoding, tcvn3ToUnicode, vniToUnicode, legacyToUnicode } from './legacy';
export type { LegacyEncoding } from './legacy';
export { levenshtein, substringDistance, cer } from './distance';
export { diffText } from './diff';
export type { DiffKind, DiffPart, TextDiff } from './diff';
