/**
 * Code lists of the import templates (registers.md §2.5). The four lists of the published KS workbook's
 * "Ghi chu" sheet are copied with its own wording (`KS_70_CODE_SHEET`, "Đăng kí" spelling included); the others
 * come from the table of registers.md §2.5. Data only.
 */
import type { CodeList } from './types';

const list = (name: string, codes: Record<string, string>): CodeList => ({ name, codes });

/** Published KS workbook, "Ghi chu" sheet (shared/domain/templates/KS-70.json `code_lists`), in its order. */
export const KS_70_CODE_SHEET: readonly CodeList[] = [
  list('loaiDangKy', {
    '1': 'Đăng kí đúng hạn',
    '2': 'Đăng kí lại',
    '3': 'Ghi vào sổ việc khai sinh đã đăng ký ở CQ có thẩm quyền nước ngoài',
    '4': 'Đăng kí quá hạn',
    '5': 'Cấp bản chính giấy khai sinh',
    '6': 'Không xác định',
  }),
  list('LoaiGiayToTuyThan', {
    '1': 'Giấy CMND',
    '2': 'Hộ chiếu',
    '3': 'Thẻ thường trú',
    '4': 'Thẻ căn cước công dân',
    '5': 'Giấy chứng minh quân đội nhân dân',
    '6': 'Giấy chứng minh sĩ quan quân đội',
    '7': 'Giấy chứng minh công an nhân dân',
    '8': 'Giấy tờ khác',
  }),
  list('GioiTinh', { '1': 'Nam', '2': 'Nữ', '3': 'Không xác định' }),
  list('nksMatTich, nksHanCheNangLucHanhVi', { '1': 'Tuyên bố', '2': 'Hủy tuyên bố' }),
];

const [KS_LOAI_DANG_KY, LOAI_GIAY_TO, GIOI_TINH, TUYEN_BO] = KS_70_CODE_SHEET as [
  CodeList,
  CodeList,
  CodeList,
  CodeList,
];
export { GIOI_TINH, KS_LOAI_DANG_KY, LOAI_GIAY_TO, TUYEN_BO };

/** registers.md §2.5 (not on the published Ghi chu sheet). */
export const LOAI_CU_TRU = list('LoaiCuTru', {
  '0': 'Không có thông tin',
  '1': 'Thường trú',
  '2': 'Tạm trú',
});

export const NKS_LOAI_KHAI_SINH = list('nksLoaiKhaiSinh', {
  '1': 'Đã xác định được cả cha lẫn mẹ',
  '2': 'Chưa xác định được mẹ',
  '3': 'Chưa xác định được cha',
  '4': 'Chưa xác định được cả cha lẫn mẹ',
  '5': 'Trẻ bị bỏ rơi',
});

export const KT_LOAI_DANG_KY = list('loaiDangKy', {
  '0': 'Không có thông tin',
  '1': 'Đúng hạn',
  '2': 'Đăng ký lại',
  '3': 'Ghi vào sổ việc khai tử tại cơ quan có thẩm quyền ở nước ngoài',
  '4': 'Quá hạn',
});

export const KH_LOAI_DANG_KY = list('loaiDangKy', { '1': 'Đăng ký lần đầu', '2': 'Đăng ký lại' });

export const CMC_LOAI_DANG_KY = list('loaiDangKy', {
  '0': 'Không có thông tin',
  '1': 'Đăng ký mới',
  '2': 'Ghi vào sổ việc nhận cha, mẹ, con đã đăng ký ở nước ngoài',
});

export const LOAI_XAC_NHAN = list('loaiXacNhan', {
  '1': 'Cha nhận con',
  '2': 'Mẹ nhận con',
  '3': 'Con nhận cha',
  '4': 'Con nhận mẹ',
});

export const NXN_LOAI_MUC_DICH = list('nxnLoaiMucDichSuDung', {
  '1': 'Kết hôn trong nước với người VN',
  '2': 'Kết hôn trong nước với người nước ngoài',
  '3': 'Kết hôn ở nước ngoài với người VN',
  '4': 'Kết hôn ở nước ngoài với người nước ngoài',
  '5': 'Mục đích khác',
});

export const GBT_LOAI = list('gbtLoai', {
  '0': 'Không có thông tin',
  '1': 'Giấy báo tử',
  '2': 'Giấy xác nhận thi hành án tử hình',
  '3': 'Bản án/quyết định tuyên bố đã chết',
  '4': 'Văn bản của công an hoặc giám định pháp y',
  '5': 'Văn bản xác định nguyên nhân chết của y tế cấp huyện',
  '6': 'Biên bản xác nhận việc chết',
  '7': 'Văn bản xác nhận của người làm chứng',
});
