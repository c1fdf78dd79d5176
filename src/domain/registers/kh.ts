/** KH — Sổ đăng ký kết hôn (marriage register). Printed fields of the current form + older labels. */
import { asDocument, defineRegister, f, L, labels, type FieldSpec } from './common';

function spouse(p: 'chong' | 'vo', word: string, section: string): FieldSpec[] {
  return [
    f(
      `${p}HoTen`,
      [`Họ, chữ đệm, tên ${word}`, `Họ và tên ${word}`, `Họ tên ${word}`, `Họ và tên người ${word}`],
      'name',
      section,
      `Họ, chữ đệm, tên ${word}`,
    ),
    f(`${p}NgaySinh`, labels(L.ngaySinh, ['Năm sinh']), 'date', section, `Ngày sinh của ${word}`),
    f(`${p}DanToc`, L.danToc, 'ethnicity', section, `Dân tộc của ${word}`),
    f(`${p}QuocTich`, L.quocTich, 'nationality', section, `Quốc tịch của ${word}`),
    f(`${p}NoiCuTru`, L.noiCuTru, 'place', section, `Nơi cư trú của ${word}`),
    asDocument(
      f(`${p}SoDinhDanh`, L.soDinhDanh, 'id_number', section, `Số định danh cá nhân của ${word}`),
      p,
    ),
  ];
}

export const KH = defineRegister(
  'KH',
  'Sổ đăng ký kết hôn',
  ['SỔ ĐĂNG KÝ KẾT HÔN', 'SỔ KẾT HÔN', 'SỔ ĐĂNG KÝ VIỆC KẾT HÔN'],
  [
    f('so', L.so, 'number', 'header', 'Số'),
    ...spouse('chong', 'chồng', 'husband'),
    ...spouse('vo', 'vợ', 'wife'),
    f(
      'ngayDangKy',
      labels(L.ngayDangKy, ['Ngày, tháng, năm đăng ký kết hôn']),
      'date',
      'registration',
      'Ngày đăng ký',
    ),
    f('ghiChu', L.ghiChu, 'text', 'registration', 'Ghi chú'),
  ],
  [
    {
      id: 'husband',
      label: 'Chồng',
      fields: { name: 'chongHoTen', birth: 'chongNgaySinh', idNumber: 'chongSoDinhDanh' },
    },
    { id: 'wife', label: 'Vợ', fields: { name: 'voHoTen', birth: 'voNgaySinh', idNumber: 'voSoDinhDanh' } },
  ],
);
