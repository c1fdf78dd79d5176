/** Sex values of the `*GioiTinh` columns with their template codes (1 Nam, 2 Nữ, 3 not determined). */
import { createLexicon, type LexiconEntry } from './lexicon';

export const SEXES: readonly LexiconEntry[] = [
  { code: '1', canonical: 'Nam', variants: ['Trai', 'Male', 'M'] },
  { code: '2', canonical: 'Nữ', variants: ['Gái', 'Female', 'F'] },
  { code: '3', canonical: 'Không xác định', variants: ['Chưa xác định', 'Chưa xác định được giới tính'] },
];

export const sexLexicon = createLexicon(SEXES);

export function lookupSex(text: string): string | null {
  return sexLexicon.lookup(text);
}
