/**
 * CMC — Sổ đăng ký nhận cha, mẹ, con (parent–child recognition).
 * INFERRED: the printed labels below are designed from the template columns (registers.md §2.4) and the
 * wording of the other current forms; the real form was not available. cm = the parent, nc = the child.
 */
import { defineRegister, f, L, labels, type FieldSpec } from './common';

function person(p: 'cm' | 'nc', who: string, section: string): FieldSpec[] {
  return [
    f(
      `${p}HoTen`,
      [`Họ, chữ đệm, tên ${who}`, `Họ và tên ${who}`, `Họ tên ${who}`],
      'name',
      section,
      `Họ, chữ đệm, tên ${who}`,
    ),
    f(`${p}NgaySinh`, labels(L.ngaySinh, ['Năm sinh']), 'year_or_date', section, `Ngày sinh (${who})`),
    f(`${p}DanToc`, L.danToc, 'ethnicity', section, `Dân tộc (${who})`),
    f(`${p}QuocTich`, L.quocTich, 'nationality', section, `Quốc tịch (${who})`),
    f(`${p}QueQuan`, L.queQuan, 'place', section, `Quê quán (${who})`),
    f(`${p}NoiCuTru`, L.noiCuTru, 'place', section, `Nơi cư trú (${who})`),
    f(`${p}SoGiayToTuyThan`, L.soDinhDanh, 'id_number', section, `Giấy tờ tùy thân (${who})`),
  ];
}

export const CMC = defineRegister(
  'CMC',
  'Sổ đăng ký nhận cha, mẹ, con',
  [
    'SỔ ĐĂNG KÝ NHẬN CHA, MẸ, CON',
    'SỔ ĐĂNG KÝ VIỆC NHẬN CHA, MẸ, CON',
    'SỔ ĐĂNG KÝ NHẬN CHA, MẸ, CON (CHA, MẸ NHẬN CON; CON NHẬN CHA, MẸ)',
    'SỔ ĐĂNG KÝ NHẬN CON',
    'SỔ ĐĂNG KÝ NHẬN CHA MẸ CON',
  ],
  [
    f('so', L.so, 'number', 'header', 'Số'),
    f('quyenSo', L.quyenSo, 'book_number', 'header', 'Quyển số'),
    f(
      'loaiXacNhan',
      ['Loại việc', 'Hình thức nhận'],
      'text',
      'header',
      'Loại xác nhận (cha/mẹ nhận con, con nhận cha/mẹ)',
    ),
    ...person('cm', 'cha/mẹ', 'parent'),
    ...person('nc', 'con', 'child'),
    f(
      'nycHoTen',
      ['Họ, chữ đệm, tên người đi đăng ký', 'Họ và tên người đi đăng ký', 'Người đi đăng ký'],
      'name',
      'requester',
      'Người đi đăng ký',
    ),
    f(
      'nycQHNguoiDuocNhan',
      ['Quan hệ với người được nhận'],
      'relation',
      'requester',
      'Quan hệ với người được nhận',
    ),
    f('nycQHNguoiNhan', ['Quan hệ với người nhận'], 'relation', 'requester', 'Quan hệ với người nhận'),
    f('ngayDangKy', labels(L.ngayDangKy), 'date', 'registration', 'Ngày đăng ký'),
    f('ghiChu', L.ghiChu, 'text', 'registration', 'Ghi chú'),
  ],
  [
    {
      id: 'parent',
      label: 'Cha/mẹ',
      fields: { name: 'cmHoTen', birth: 'cmNgaySinh', idNumber: 'cmSoGiayToTuyThan' },
    },
    {
      id: 'child',
      label: 'Con',
      fields: { name: 'ncHoTen', birth: 'ncNgaySinh', idNumber: 'ncSoGiayToTuyThan' },
    },
    {
      id: 'requester',
      label: 'Người đi đăng ký',
      fields: { name: 'nycHoTen', relation: 'nycQHNguoiDuocNhan' },
    },
  ],
);
