/**
 * Relationships of the requester to the registered person (quan hệ), as written in registers.
 * Free text in the template; the canonical spelling is the common written form. Data table.
 */
import { createLexicon, type LexiconEntry } from './lexicon';

const e = (canonical: string, ...variants: string[]): LexiconEntry => ({
  code: canonical,
  canonical,
  variants,
});

export const RELATIONS: readonly LexiconEntry[] = [
  e('Cha', 'Cha đẻ', 'Cha ruột'),
  e('Mẹ', 'Mẹ đẻ', 'Mẹ ruột'),
  e('Bố', 'Bố đẻ'),
  e('Má'),
  e('Ông nội'),
  e('Bà nội'),
  e('Ông ngoại'),
  e('Bà ngoại'),
  e('Ông'),
  e('Bà'),
  e('Anh'),
  e('Chị'),
  e('Em'),
  e('Anh trai', 'Anh ruột'),
  e('Chị gái', 'Chị ruột'),
  e('Em trai'),
  e('Em gái'),
  e('Con'),
  e('Con trai'),
  e('Con gái'),
  e('Con dâu'),
  e('Con rể'),
  e('Con nuôi'),
  e('Cháu'),
  e('Cháu nội'),
  e('Cháu ngoại'),
  e('Chắt'),
  e('Chồng'),
  e('Vợ'),
  e('Cô'),
  e('Dì'),
  e('Chú'),
  e('Bác'),
  e('Cậu'),
  e('Thím'),
  e('Mợ'),
  e('Dượng'),
  e('Anh rể'),
  e('Chị dâu'),
  e('Em rể'),
  e('Em dâu'),
  e('Người giám hộ'),
  e('Người nuôi dưỡng'),
  e('Người thân'),
  e('Họ hàng'),
  e('Hàng xóm'),
  e('Chủ hộ'),
  e('Bản thân', 'Người được khai sinh'),
];

export const relationLexicon = createLexicon(RELATIONS);

/** Canonical relation spelling ("con trai" → "Con trai", "CHA" → "Cha"), or null. */
export function lookupRelation(text: string): string | null {
  return relationLexicon.lookup(text);
}
