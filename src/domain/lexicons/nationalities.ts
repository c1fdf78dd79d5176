/**
 * Nationalities (quốc tịch) as written in registers: "Việt Nam" plus the countries met most often,
 * with Vietnamese transliterations and English names as variants. Codes are ISO 3166-1 alpha-2. Data table.
 */
import { createLexicon, type LexiconEntry } from './lexicon';

const e = (code: string, canonical: string, ...variants: string[]): LexiconEntry => ({
  code,
  canonical,
  variants,
});

export const NATIONALITIES: readonly LexiconEntry[] = [
  e('VN', 'Việt Nam', 'VN', 'Viet Nam', 'Vietnam', 'Việt-Nam', 'Vietnamese', 'CHXHCN Việt Nam'),
  e('LA', 'Lào', 'Lao', 'Laos', 'CHDCND Lào'),
  e('CN', 'Trung Quốc', 'China', 'Chinese', 'CHND Trung Hoa', 'Trung Hoa'),
  e('KR', 'Hàn Quốc', 'Đại Hàn', 'Nam Hàn', 'Korea', 'Korean', 'Hàn'),
  e('JP', 'Nhật Bản', 'Nhật', 'Japan', 'Japanese'),
  e('US', 'Hoa Kỳ', 'Mỹ', 'USA', 'United States', 'American'),
  e('KH', 'Campuchia', 'Cam-pu-chia', 'Căm-pu-chia', 'Cămpuchia', 'Cambodia', 'Cambodian'),
  e('TH', 'Thái Lan', 'Thailand', 'Thai'),
  e('FR', 'Pháp', 'France', 'French'),
  e('DE', 'Đức', 'Germany', 'German', 'CHLB Đức'),
  e('AU', 'Úc', 'Ô-xtrây-li-a', 'Australia', 'Australian'),
  e('RU', 'Nga', 'Liên bang Nga', 'Russia', 'Russian'),
  e('TW', 'Đài Loan', 'Đài Loan (Trung Quốc)', 'Taiwan'),
  e('GB', 'Anh', 'Vương quốc Anh', 'United Kingdom', 'British'),
  e('CA', 'Ca-na-đa', 'Canada', 'Canađa', 'Canadian'),
  e('SG', 'Xin-ga-po', 'Singapore', 'Xingapo'),
  e('MY', 'Ma-lai-xi-a', 'Malaysia', 'Malaixia'),
  e('PH', 'Phi-líp-pin', 'Philippines', 'Philippin'),
  e('ID', 'In-đô-nê-xi-a', 'Indonesia', 'Inđônêxia'),
  e('MM', 'Mi-an-ma', 'Myanmar', 'Miến Điện'),
  e('IN', 'Ấn Độ', 'India', 'Indian'),
  e('KP', 'Triều Tiên', 'CHDCND Triều Tiên', 'Bắc Triều Tiên', 'North Korea'),
  e('IT', 'I-ta-li-a', 'Ý', 'Italia', 'Italy'),
  e('NL', 'Hà Lan', 'Netherlands', 'Dutch'),
  e('SE', 'Thụy Điển', 'Sweden'),
  e('NO', 'Na Uy', 'Norway'),
  e('DK', 'Đan Mạch', 'Denmark'),
  e('PL', 'Ba Lan', 'Poland'),
  e('CZ', 'Séc', 'Cộng hòa Séc', 'Czech', 'Tiệp Khắc'),
  e('UA', 'U-crai-na', 'Ukraina', 'Ukraine'),
  e('CU', 'Cu-ba', 'Cuba', 'Cu Ba'),
  e('NZ', 'Niu Di-lân', 'New Zealand'),
  e('BE', 'Bỉ', 'Belgium'),
  e('CH', 'Thụy Sĩ', 'Switzerland'),
  e('HK', 'Hồng Kông', 'Hong Kong', 'Hồng Công'),
];

/** Special values of the template's nationality column (no ISO code). */
export const NATIONALITY_EXTRAS: readonly LexiconEntry[] = [
  e('', 'Người không quốc tịch', 'Không quốc tịch', 'Stateless person'),
  e('', 'Không có thông tin', 'Không rõ'),
];

export const nationalityLexicon = createLexicon([...NATIONALITIES, ...NATIONALITY_EXTRAS]);

/** Canonical nationality ("VN" → "Việt Nam", "Mỹ" → "Hoa Kỳ"), or null. */
export function lookupNationality(text: string): string | null {
  return nationalityLexicon.lookup(text);
}
