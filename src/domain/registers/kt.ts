/** KT — Sổ đăng ký khai tử (death register). Printed fields of the current form + older labels. */
import { asDocument, defineRegister, f, L, labels } from './common';

export const KT = defineRegister(
  'KT',
  'Sổ đăng ký khai tử',
  ['SỔ ĐĂNG KÝ KHAI TỬ', 'SỔ KHAI TỬ', 'SỔ ĐĂNG KÝ VIỆC KHAI TỬ'],
  [
    f('so', L.so, 'number', 'header', 'Số'),
    f(
      'nktHoTen',
      [
        'Họ, chữ đệm, tên người chết',
        'Họ và tên người chết',
        'Họ tên người chết',
        'Họ và tên người đã chết',
        'Họ, chữ đệm, tên',
      ],
      'name',
      'deceased',
      'Họ, chữ đệm, tên người chết',
    ),
    f('nktNgaySinh', labels(L.ngaySinh, ['Năm sinh']), 'year_or_date', 'deceased', 'Ngày, tháng, năm sinh'),
    f('nktGioiTinh', L.gioiTinh, 'sex', 'deceased', 'Giới tính'),
    f('nktDanToc', L.danToc, 'ethnicity', 'deceased', 'Dân tộc'),
    f('nktQuocTich', L.quocTich, 'nationality', 'deceased', 'Quốc tịch'),
    asDocument(f('nktSoDinhDanh', L.soDinhDanh, 'id_number', 'deceased', 'Số định danh cá nhân'), 'nkt'),
    f(
      'nktNoiCuTru',
      labels(
        ['Nơi cư trú cuối cùng', 'Nơi thường trú cuối cùng', 'Nơi thường trú/tạm trú cuối cùng'],
        L.noiCuTru,
      ),
      'place',
      'deceased',
      'Nơi cư trú cuối cùng',
    ),
    f(
      'nktGioPhutChet',
      ['Thời gian chết', 'Chết vào lúc', 'Giờ, phút chết'],
      'time',
      'death',
      'Giờ, phút chết',
    ),
    f('nktNgayChet', [], 'date', 'death', 'Ngày chết', 'nktGioPhutChet'),
    f('nktNoiChet', ['Nơi chết'], 'place', 'death', 'Nơi chết'),
    f('nktNguyenNhanChet', ['Nguyên nhân chết'], 'text', 'death', 'Nguyên nhân chết'),
    f(
      'nycHoTen',
      [
        'Họ, chữ đệm, tên người đi khai tử',
        'Họ và tên người đi khai tử',
        'Họ và tên người đi khai',
        'Họ tên người đi khai tử',
        'Người đi khai tử',
      ],
      'name',
      'requester',
      'Người đi khai tử',
    ),
    f(
      'nycQuanHe',
      ['Quan hệ với người chết', 'Quan hệ với người đã chết', 'Quan hệ'],
      'relation',
      'requester',
      'Quan hệ với người chết',
    ),
    f(
      'ngayDangKy',
      labels(L.ngayDangKy, ['Ngày, tháng, năm đăng ký khai tử']),
      'date',
      'registration',
      'Ngày đăng ký',
    ),
    f('ghiChu', L.ghiChu, 'text', 'registration', 'Ghi chú'),
  ],
  [
    {
      id: 'deceased',
      label: 'Người chết',
      fields: { name: 'nktHoTen', birth: 'nktNgaySinh', sex: 'nktGioiTinh', idNumber: 'nktSoDinhDanh' },
    },
    {
      id: 'requester',
      label: 'Người đi khai tử',
      fields: { name: 'nycHoTen', relation: 'nycQuanHe' },
    },
  ],
);
