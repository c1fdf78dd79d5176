/** Fixture books of every register type for the export tests: entries from plain values, pages in order. */
import { newBook, type Book } from '../../../src/domain/records/book';
import type { Entry, FieldFlag, FieldValue } from '../../../src/domain/records/entry';
import type { RegisterType } from '../../../src/domain/registers/types';
import type { BookExportInput } from '../../../src/exchange/workbook';

export const fv = (value: string, flags: FieldFlag[] = []): FieldValue => ({
  value,
  flags,
  source: 'keyed',
  confirmed: true,
});

/** A book of Xã An Nhơn, Huyện Đạ Tẻh, Lâm Đồng (pre-2025 units). */
export function book(type: RegisterType, year = 2017): Book {
  return newBook(
    {
      type,
      commune: {
        code: '25006',
        name: 'Xã An Nhơn',
        district: 'Huyện Đạ Tẻh',
        province: 'Lâm Đồng',
        list: 'pre2025',
      },
      year,
      bookNumber: `01/${year}`,
      paperSize: 'A4',
    },
    `book-${type}`,
  );
}

let serial = 0;

/** An entry on page `page` (0-based page order), `order` on it. */
export function entry(
  type: RegisterType,
  page: number,
  order: number,
  values: Record<string, string | FieldValue>,
): Entry {
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(values)) fields[k] = typeof v === 'string' ? fv(v) : v;
  serial += 1;
  return {
    id: `e${serial}`,
    bookId: `book-${type}`,
    pageIds: [`p${page}`],
    order,
    type,
    state: 'accepted',
    fields,
    revision: 1,
    createdAt: 0,
    updatedAt: 0,
    schema: 1,
  };
}

export const pages = (n: number): BookExportInput['pages'] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i}`, order: i }));

/** Entries of each type, written out of `so` order on purpose. */
export function fixtureBooks(): Record<RegisterType, BookExportInput> {
  return {
    KS: {
      book: book('KS'),
      pages: pages(3),
      latestYear: 2024,
      entries: [
        entry('KS', 1, 0, {
          so: '02',
          quyenSo: '01/2017',
          nksHoTen: 'Trần Thị Bình',
          nksGioiTinh: 'Nữ',
          nksNgaySinh: '30/02/2017',
          nksDanToc: 'Mèo',
          nksQuocTich: 'Việt Nam',
          nksSoDinhDanh: '068317000123',
          meHoTen: 'Lò Thị Cúc',
          meNgaySinh: '01/1990',
          chaHoTen: 'Trần Văn Dũng',
          chaNgaySinh: '1988',
          nycHoTen: 'Trần Văn Dũng',
          nycQuanHe: 'Cha',
          ngayDangKy: '05/03/2017',
        }),
        entry('KS', 0, 0, {
          so: '01',
          quyenSo: '01/2017',
          nksHoTen: 'Nguyễn Văn An',
          nksGioiTinh: 'Nam',
          nksNgaySinh: '1/2/2017',
          nksNgaySinhBangChu: 'Ngày một tháng hai năm hai nghìn không trăm mười bảy',
          nksNoiSinh: 'Trạm y tế xã An Nhơn',
          nksQueQuan: 'Nghệ An',
          nksDanToc: 'Kinh',
          nksQuocTich: 'Việt Nam',
          nksSoDinhDanh: '068217000045',
          meHoTen: 'Lê Thị Hoa',
          meNgaySinh: '12/07/1992',
          meDanToc: 'Kinh',
          meQuocTich: 'Việt Nam',
          meNoiCuTru: 'Thôn 1, xã An Nhơn',
          chaHoTen: 'Nguyễn Văn Bảo',
          chaNgaySinh: '1990',
          nycHoTen: 'Lê Thị Hoa',
          nycQuanHe: 'Mẹ',
          ngayDangKy: '10/02/2017',
          ghiChu: '',
        }),
        entry('KS', 2, 0, {
          so: '003',
          nksHoTen: 'Phạm Gia Huy',
          nksGioiTinh: 'Nan',
          nksNgaySinh: 'mùng 5',
          ngayDangKy: '12/03/2017',
        }),
      ],
    },
    KT: {
      book: book('KT', 2023),
      pages: pages(2),
      latestYear: 2024,
      entries: [
        entry('KT', 1, 0, {
          so: '2',
          nktHoTen: 'Hoàng Văn Lâm',
          nktGioiTinh: 'Nam',
          nktNgaySinh: '1940',
          nktSoDinhDanh: '186123456',
          nktGioPhutChet: '08 giờ 30 phút',
          nktNgayChet: '02/04/2023',
          ngayDangKy: '03/04/2023',
        }),
        entry('KT', 0, 0, {
          so: '1',
          nktHoTen: 'Đinh Thị Mai',
          nktGioiTinh: 'Nữ',
          nktNgaySinh: '12/03/1950',
          nktDanToc: 'Tày',
          nktQuocTich: 'Việt Nam',
          nktSoDinhDanh: '004150000789',
          nktNoiCuTru: 'Thôn 2, xã An Nhơn',
          nktGioPhutChet: '14 giờ 05 phút',
          nktNgayChet: '12/03/2023',
          nktNoiChet: 'Tại nhà',
          nktNguyenNhanChet: 'Già yếu',
          nycHoTen: 'Đinh Văn Nam',
          nycQuanHe: 'Con',
          ngayDangKy: '15/03/2023',
        }),
      ],
    },
    KH: {
      book: book('KH', 2016),
      pages: pages(1),
      latestYear: 2024,
      entries: [
        entry('KH', 0, 0, {
          so: '07',
          chongHoTen: 'Vũ Minh Quân',
          chongNgaySinh: '02/09/1990',
          chongDanToc: 'Kinh',
          chongQuocTich: 'Việt Nam',
          chongNoiCuTru: 'Thôn 3, xã An Nhơn',
          chongSoDinhDanh: '068090001234',
          voHoTen: 'Ka Thị Nhung',
          voNgaySinh: '1995',
          voDanToc: "K'ho",
          voQuocTich: 'VN',
          voNoiCuTru: 'Thôn 4, xã An Nhơn',
          voSoDinhDanh: '',
          ngayDangKy: '01/06/2016',
        }),
      ],
    },
    CMC: {
      book: book('CMC', 2018),
      pages: pages(1),
      latestYear: 2024,
      entries: [
        entry('CMC', 0, 0, {
          so: '1',
          quyenSo: '01/2018',
          loaiXacNhan: 'Cha nhận con',
          cmHoTen: 'Lý Văn Phúc',
          cmNgaySinh: '1980',
          cmDanToc: 'Nùng',
          cmQuocTich: 'Việt Nam',
          cmSoGiayToTuyThan: '020080000111',
          ncHoTen: 'Lý Thị Quế',
          ncNgaySinh: '05/05/2010',
          ncSoGiayToTuyThan: '020310000222',
          nycHoTen: 'Lý Văn Phúc',
          nycQHNguoiDuocNhan: 'Cha',
          ngayDangKy: '20/08/2018',
        }),
      ],
    },
    HN: {
      book: book('HN', 2019),
      pages: pages(1),
      latestYear: 2024,
      entries: [
        entry('HN', 0, 0, {
          so: '15',
          quyenSo: '01/2019',
          nxnHoTen: 'Bùi Thị Sen',
          nxnNgaySinh: '09/11/1996',
          nxnGioiTinh: 'Nữ',
          nxnDanToc: 'Mường',
          nxnQuocTich: 'Việt Nam',
          nxnSoGiayToTuyThan: '017196000333',
          nxnNoiCuTru: 'Thôn 5, xã An Nhơn',
          nxnThoiGianCuTruTu: '01.2019',
          nxnThoiGianCuTruDen: '2019',
          nxnTinhTrangHonNhan: 'Chưa đăng ký kết hôn với ai',
          nxnMucDichSuDung: 'Để kết hôn',
          ngayDangKy: '10/12/2019',
        }),
      ],
    },
  };
}
