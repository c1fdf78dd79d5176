/**
 * The 54 ethnic groups of Việt Nam (dân tộc), canonical spellings as printed in registers, with
 * aliases and spelling variants met in old books. Codes are the GSO 2-digit order (registers.md §2.5:
 * names verified, order from memory — verify before exporting codes). Data table.
 */
import { createLexicon, type LexiconEntry } from './lexicon';

const e = (code: string, canonical: string, ...variants: string[]): LexiconEntry => ({
  code,
  canonical,
  variants,
});

export const ETHNICITIES: readonly LexiconEntry[] = [
  e('01', 'Kinh', 'Việt', 'Kinh (Việt)'),
  e('02', 'Tày', 'Thổ (Tày)'),
  e('03', 'Thái', 'Tày Thanh'),
  e('04', 'Hoa', 'Hán', 'Người Hoa'),
  e('05', 'Khơ-me', 'Khơ Me', 'Khơme', 'Khmer', 'Khơ-me Krôm', 'Miên', 'Cur'),
  e('06', 'Mường', 'Mol', 'Mual'),
  e('07', 'Nùng', 'Xuồng'),
  e('08', 'Mông', 'HMông', "H'Mông", 'H’Mông', 'Hmông', 'Hmong', 'Mèo', 'Mẹo'),
  e('09', 'Dao', 'Mán', 'Dìu Miên'),
  e('10', 'Gia-rai', 'Gia Rai', 'Giarai', 'Jrai', 'Chơ-rai', 'Giơ-rai'),
  e('11', 'Ngái', 'Xín', 'Đản'),
  e('12', 'Ê-đê', 'Ê Đê', 'Êđê', 'Ede', 'Rađê', 'Ra-đê'),
  e('13', 'Ba-na', 'Ba Na', 'Bana', 'Bahnar', 'Rơ-ngao', 'Giơ-lar', 'Tơ-lô'),
  e('14', 'Xơ-đăng', 'Xơ Đăng', 'Xê Đăng', 'Sedang', 'Xơ-teng', 'Tơ-đrá', 'Ca-dong'),
  e('15', 'Sán Chay', 'Sán Chay (Cao Lan - Sán Chỉ)', 'Cao Lan', 'Sán Chỉ', 'Cao Lan - Sán Chỉ'),
  e('16', 'Cơ-ho', 'Cơ Ho', 'Cơho', "K'ho", 'Koho', 'Xrê', 'Chil'),
  e('17', 'Chăm', 'Chàm', 'Chăm Pa', 'Chiêm Thành', 'Hroi'),
  e('18', 'Sán Dìu', 'Sán Déo', 'Trại Đất'),
  e('19', 'Hrê', "H'rê", 'Hre', 'Chăm Rê'),
  e('20', 'Mnông', "M'nông", 'M’nông', 'Mơ Nông', 'Mơ-nông', 'Pnông'),
  e('21', 'Ra-glai', 'Ra Glai', 'Raglai', 'Rắc-lây', 'Ra-clây'),
  e('22', 'Xtiêng', "X'tiêng", 'X’tiêng', 'Xa Điêng', 'Stiêng', 'Stieng'),
  e('23', 'Bru-Vân Kiều', 'Bru - Vân Kiều', 'Bru Vân Kiều', 'Vân Kiều', 'Bru', 'Măng Coong', 'Khùa'),
  e('24', 'Thổ', 'Kẹo', 'Mọn', 'Đan Lai', 'Ly Hà', 'Tày Poọng'),
  e('25', 'Giáy', 'Nhắng', 'Dẩng', 'Pầu Thìn', 'Cùi Chu'),
  e('26', 'Cơ Tu', 'Cơ-tu', 'Cơtu', 'Ca Tu', 'Katu', 'Ka Tu'),
  e(
    '27',
    'Giẻ-Triêng',
    'Giẻ Triêng',
    'Gié-Triêng',
    'Gié Triêng',
    'Gié - Triêng',
    'Đgiéh',
    'Tà Riềng',
    'Giang Rẫy Pin',
    'Triêng',
    'Pa-noong',
  ),
  e('28', 'Mạ', 'Châu Mạ', 'Mạ Ngăn', 'Mạ Xóp'),
  e('29', 'Khơ-mú', 'Khơ Mú', 'Khmu', 'Kmhmu', 'Xá Cẩu', 'Mứn Xen', 'Tày Hạy'),
  e('30', 'Co', 'Cor', 'Col', 'Cùa'),
  e('31', 'Tà Ôi', 'Tà-ôi', 'Tà ôi', 'Ta Oi', 'Tôi-ôi', 'Pa Kô', 'Pa-cô', 'Pa Cô', 'Pacoh', 'Ba-hi'),
  e('32', 'Chơ-ro', 'Chơ Ro', 'Châu Ro', 'Dơ-ro'),
  e('33', 'Kháng', 'Xá Khao', 'Xá Xúa', 'Xá Dón'),
  e('34', 'Xinh-mun', 'Xinh Mun', 'Puộc', 'Pụa'),
  e('35', 'Hà Nhì', 'Hà Nhì Già', 'U Ní', 'Xá U Ní'),
  e('36', 'Chu-ru', 'Chu Ru', 'Chơ-ru'),
  e('37', 'Lào', 'Lào Bốc', 'Lào Nọi'),
  e('38', 'La Chí', 'Cù Tê', 'La Quả'),
  e('39', 'La Ha', 'Khlá Phlạo'),
  e('40', 'Phù Lá', 'Bồ Khô Pạ', 'Mu Di', 'Xá Phó'),
  e('41', 'La Hủ', 'Pu Đang', 'Khù Xung', 'Cò Xung', 'Khả Quy'),
  e('42', 'Lự', 'Lừ', 'Nhuồn', 'Duôn'),
  e('43', 'Lô Lô', 'Mun Di'),
  e('44', 'Chứt', 'Rục', 'Mã Liêng', 'A-rem', 'Tu Vang', 'Pa-leng'),
  e('45', 'Mảng', 'Mảng Ư', 'Xá Lá Vàng'),
  e('46', 'Pà Thẻn', 'Pà Hưng'),
  e('47', 'Cơ Lao', 'Cờ Lao'),
  e('48', 'Cống', 'Xắm Khống', 'Mấng Nhé', 'Xá Xeng'),
  e('49', 'Bố Y', 'Chủng Chá', 'Trọng Gia', 'Tu Dí', 'Tu Din'),
  e('50', 'Si La', 'Cù Dề Xừ', 'Khả Pẻ'),
  e('51', 'Pu Péo', 'Ka Pèo', 'Pen Ti Lô Lô'),
  e('52', 'Brâu', 'Brao'),
  e('53', 'Ơ Đu', 'Ơ-đu', 'Tày Hạt'),
  e('54', 'Rơ-măm', 'Rơ Măm'),
];

/** Non-ethnic values of the BTP list (no GSO code). */
export const ETHNICITY_EXTRAS: readonly LexiconEntry[] = [
  e('', 'Người nước ngoài', 'Nước ngoài'),
  e('', 'Khác', 'Dân tộc khác'),
];

export const ethnicityLexicon = createLexicon([...ETHNICITIES, ...ETHNICITY_EXTRAS]);

/** Canonical ethnicity for a written value ("Mèo" → "Mông", "Katu" → "Cơ Tu"), or null. */
export function lookupEthnicity(text: string): string | null {
  return ethnicityLexicon.lookup(text);
}
