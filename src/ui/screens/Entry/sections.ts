/** Vietnamese headings of the form's sections (FieldDef.section codes). */
export const SECTION_LABELS: Readonly<Record<string, string>> = {
  header: 'Thông tin chung',
  child: 'Người được khai sinh / con',
  mother: 'Mẹ',
  father: 'Cha',
  parent: 'Cha/mẹ',
  deceased: 'Người chết',
  death: 'Việc chết',
  husband: 'Chồng',
  wife: 'Vợ',
  subject: 'Người được xác nhận',
  requester: 'Người yêu cầu',
  registration: 'Đăng ký',
};

export const TONE_LABELS: Readonly<Record<string, string>> = {
  high: 'OCR tin cậy cao',
  medium: 'OCR tin cậy trung bình — nên kiểm tra',
  low: 'OCR tin cậy thấp — cần kiểm tra',
  confirmed: 'Đã xác nhận',
  flagged: 'Có đánh dấu',
  empty: 'Chưa có giá trị',
};

/** Keyboard shortcuts of the entry screen (shown in the help panel). */
export const SHORTCUTS: readonly [string, string][] = [
  ['Enter', 'Xác nhận giá trị, sang trường tiếp theo (ở trường cuối: hoàn thành mục)'],
  ['Ctrl+Enter', 'Hoàn thành mục: mọi trường coi như đã xem, sang mục tiếp theo'],
  ['Ctrl+Z', 'Hoàn tác thao tác vừa làm (khi ô đang chọn chưa gõ gì)'],
  ['Tab / Shift+Tab', 'Trường sau / trường trước (khi có danh sách gợi ý: Tab chọn gợi ý đang sáng)'],
  [
    '1–9 (Alt+1–9 ở địa chỉ, ghi chú)',
    'Chọn gợi ý theo số; gõ không dấu, chữ đầu âm tiết: “ng v hai” → Nguyễn Văn Hải',
  ],
  ['↑ / ↓, Esc', 'Đổi gợi ý đang sáng; đóng danh sách gợi ý'],
  ['F2', 'Đến trường chưa chắc chắn tiếp theo'],
  ['F3', 'Đánh dấu “để trống trong sổ”, sang trường tiếp theo'],
  ['F4', 'Đánh dấu “không đọc được”, sang trường tiếp theo'],
  ['Alt+↓ / Alt+↑', 'Mục sau / mục trước (khi đang lọc: mục khớp sau / trước)'],
  ['Page Down / Page Up', 'Trang sau / trang trước'],
  ['Ctrl+G', 'Đến trang…'],
  ['Ctrl+F', 'Tìm mục theo họ tên, số hoặc ngày; ↑/↓ chọn, Enter mở'],
  ['Ctrl+Shift+1 / 2 / 3 / 4', 'Lọc: Chưa xong / Chưa chắc chắn / Bị trả lại / Có đánh dấu (bấm lại để bỏ)'],
  ['Alt+= / Alt+− / Alt+0', 'Phóng to / thu nhỏ / vừa khung ảnh'],
  ['F9', 'Vẽ lại khung của trường đang chọn trên ảnh (Esc để thôi)'],
  ['F1', 'Mở / đóng bảng phím tắt'],
];
