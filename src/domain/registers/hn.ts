/**
 * HN — Sổ cấp Giấy xác nhận tình trạng hôn nhân (marital-status confirmation).
 * INFERRED: the printed labels are designed from the template columns (registers.md §2.4) and the
 * wording of the other current forms; the real form was not available.
 */
import { defineRegister, f, L, labels } from './common';

export const HN = defineRegister(
  'HN',
  'Sổ cấp Giấy xác nhận tình trạng hôn nhân',
  [
    'SỔ CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN',
    'SỔ ĐĂNG KÝ XÁC NHẬN TÌNH TRẠNG HÔN NHÂN',
    'SỔ XÁC NHẬN TÌNH TRẠNG HÔN NHÂN',
    'SỔ CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN CHO CÔNG DÂN VIỆT NAM',
  ],
  [
    f('so', L.so, 'number', 'header', 'Số'),
    f('quyenSo', L.quyenSo, 'book_number', 'header', 'Quyển số'),
    f(
      'nxnHoTen',
      ['Họ, chữ đệm, tên người được cấp Giấy xác nhận', 'Họ, chữ đệm, tên', 'Họ và tên', 'Họ tên'],
      'name',
      'subject',
      'Họ, chữ đệm, tên người được xác nhận',
    ),
    f('nxnNgaySinh', L.ngaySinh, 'date', 'subject', 'Ngày, tháng, năm sinh'),
    f('nxnGioiTinh', L.gioiTinh, 'sex', 'subject', 'Giới tính'),
    f('nxnDanToc', L.danToc, 'ethnicity', 'subject', 'Dân tộc'),
    f('nxnQuocTich', L.quocTich, 'nationality', 'subject', 'Quốc tịch'),
    f('nxnSoGiayToTuyThan', L.soDinhDanh, 'id_number', 'subject', 'Giấy tờ tùy thân'),
    f('nxnNoiCuTru', L.noiCuTru, 'place', 'subject', 'Nơi cư trú'),
    f(
      'nxnThoiGianCuTruTai',
      ['Thời gian cư trú tại', 'Nơi cư trú trong thời gian xác nhận'],
      'place',
      'subject',
      'Thời gian cư trú tại',
    ),
    f('nxnThoiGianCuTruTu', ['từ ngày', 'Từ ngày'], 'date', 'subject', 'Cư trú từ ngày'),
    f('nxnThoiGianCuTruDen', ['đến ngày', 'Đến ngày'], 'date', 'subject', 'Cư trú đến ngày'),
    f('nxnTinhTrangHonNhan', ['Tình trạng hôn nhân'], 'text', 'subject', 'Tình trạng hôn nhân'),
    f(
      'nxnMucDichSuDung',
      ['Mục đích sử dụng', 'Giấy này được cấp để', 'Giấy xác nhận này được sử dụng để'],
      'text',
      'subject',
      'Mục đích sử dụng',
    ),
    f(
      'nycHoTen',
      ['Họ, chữ đệm, tên người yêu cầu', 'Họ và tên người yêu cầu', 'Người yêu cầu'],
      'name',
      'requester',
      'Người yêu cầu',
    ),
    f(
      'nycQuanHe',
      ['Quan hệ với người được cấp Giấy xác nhận', 'Quan hệ với người được xác nhận', 'Quan hệ'],
      'relation',
      'requester',
      'Quan hệ với người được xác nhận',
    ),
    f(
      'ngayDangKy',
      labels(['Ngày, tháng, năm cấp', 'Ngày cấp'], L.ngayDangKy),
      'date',
      'registration',
      'Ngày cấp',
    ),
    f('ghiChu', L.ghiChu, 'text', 'registration', 'Ghi chú'),
  ],
  [
    {
      id: 'subject',
      label: 'Người được xác nhận',
      fields: { name: 'nxnHoTen', birth: 'nxnNgaySinh', sex: 'nxnGioiTinh', idNumber: 'nxnSoGiayToTuyThan' },
    },
    { id: 'requester', label: 'Người yêu cầu', fields: { name: 'nycHoTen', relation: 'nycQuanHe' } },
  ],
);
