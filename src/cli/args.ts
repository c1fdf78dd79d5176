/** Command-line parsing for `npm run prefill` (pure: no I/O, throws UsageError with a Vietnamese message). */
import { isRegisterType, REGISTER_TYPES } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface PrefillArgs {
  inputs: string[];
  out: string;
  password: string | undefined;
  workers: number | undefined;
  type: RegisterType | undefined;
  ocrOut: string | undefined;
  /** JSON of confirmed entries (the predictions format): their values become the book lexicon. */
  confirmed: string | undefined;
  /** Pages in flight at once (default workers + 1). */
  inFlight: number | undefined;
  quiet: boolean;
  help: boolean;
}

/** "KS, KT, KH, CMC hoặc HN" */
const TYPE_CHOICES = `${REGISTER_TYPES.slice(0, -1).join(', ')} hoặc ${REGISTER_TYPES.at(-1) ?? ''}`;

export const PREFILL_USAGE = `Cách dùng: npm run prefill -- <tệp|thư mục...> --out preds.json [tùy chọn]

  --out FILE         tệp JSON kết quả (bắt buộc; "-" = in ra stdout)
  --password PW      mật khẩu cho các tệp PDF được bảo vệ
  --workers N        số luồng OCR (mặc định: số lõi CPU - 1)
  --type LOẠI        loại sổ đã biết: ${TYPE_CHOICES} (mặc định: nhận diện từ trang)
  --ocr-out DIR      ghi kết quả OCR từng trang (DESIGN §3.5) vào thư mục DIR
  --confirmed FILE   các mục đã xác nhận của sổ (JSON dạng kết quả): giá trị của chúng giúp đọc các trang sau
  --in-flight N      số trang xử lý đồng thời (mặc định: workers + 1)
  --quiet            không in tiến độ từng trang
`;

function positiveInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UsageError(`Giá trị của ${flag} phải là số nguyên dương (nhận được "${v}").`);
  return Number(v);
}

export function parsePrefillArgs(argv: readonly string[]): PrefillArgs {
  const a: PrefillArgs = {
    inputs: [],
    out: '',
    password: undefined,
    workers: undefined,
    type: undefined,
    ocrOut: undefined,
    confirmed: undefined,
    inFlight: undefined,
    quiet: false,
    help: false,
  };
  let onlyInputs = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (onlyInputs || !raw.startsWith('--')) {
      a.inputs.push(raw);
      continue;
    }
    if (raw === '--') {
      onlyInputs = true;
      continue;
    }
    const eq = raw.indexOf('=');
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`Thiếu giá trị cho ${flag}.`);
      i++;
      return v;
    };
    switch (flag) {
      case '--out':
        a.out = value();
        break;
      case '--password':
        a.password = value();
        break;
      case '--workers':
        a.workers = positiveInt(flag, value());
        break;
      case '--in-flight':
        a.inFlight = positiveInt(flag, value());
        break;
      case '--type': {
        const t = value().toUpperCase();
        if (!isRegisterType(t)) {
          throw new UsageError(`Loại sổ không hợp lệ: "${t}" (chọn ${TYPE_CHOICES}).`);
        }
        a.type = t;
        break;
      }
      case '--ocr-out':
        a.ocrOut = value();
        break;
      case '--confirmed':
        a.confirmed = value();
        break;
      case '--quiet':
        a.quiet = true;
        break;
      case '--help':
        a.help = true;
        break;
      default:
        throw new UsageError(`Tùy chọn không rõ: ${flag}.`);
    }
  }
  if (a.help) return a;
  if (a.inputs.length === 0) throw new UsageError('Chưa chỉ ra tệp hoặc thư mục nào để xử lý.');
  if (!a.out) throw new UsageError('Thiếu --out <tệp kết quả JSON>.');
  return a;
}
