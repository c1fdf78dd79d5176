/**
 * Date rules: format (unreadable, impossible, partial, year range), digits vs words ("ghi bằng chữ"), the order of
 * events (birth ≤ registration, birth ≤ death ≤ registration) and the registration year against the book's year.
 * Partial dates compare on the parts both sides have (compareDates), so "1990" is never after "05/03/1990".
 */
import { compareDates, formatDate, isPlausibleYear, writtenDateLayout, type DateParts } from '../fields/date';
import { wordsToDate } from '../fields/date-words';
import type { FieldValue } from '../records/entry';
import { REGISTERS } from '../registers';
import type { FieldDef } from '../registers/types';
import { finding } from './catalogue';
import type { EntryInput, Finding, RuleContext } from './types';
import { dateOf, memo, parseDateMemo, valueOf } from './values';

const readWords = memo(wordsToDate);

const show = (d: DateParts): string => formatDate(d) ?? '?';

/** Findings of one date field on its own. */
export function dateFieldFindings(
  def: FieldDef,
  field: FieldValue,
  value: string,
  ctx: RuleContext,
): Finding[] {
  if (def.kind === 'date_words') {
    return readWords(value)
      ? []
      : [
          finding(
            'date.words_unreadable',
            'Không đọc được ngày ghi bằng chữ (ví dụ "Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy").',
            [def.key],
          ),
        ];
  }
  if (def.kind !== 'date' && def.kind !== 'year_or_date') return [];
  const at = [def.key];
  const d = parseDateMemo(value);
  const out: Finding[] = [];
  if (d.impossible) {
    out.push(
      field.flags.includes('impossible_date')
        ? finding(
            'date.impossible_flagged',
            'Ngày không có thật trên lịch, đã đánh dấu — giữ nguyên như trong sổ.',
            at,
          )
        : finding(
            'date.impossible',
            'Ngày không có thật trên lịch — giữ nguyên như trong sổ, đánh dấu "Ngày không có thật".',
            at,
          ),
    );
  } else if (!d.valid) {
    return [finding('date.unreadable', 'Không nhận ra dạng ngày (ví dụ 05/03/1990, 03/1990 hoặc 1990).', at)];
  }
  const layout = writtenDateLayout(value);
  if (layout === 'day_month') out.push(finding('date.no_year', 'Ngày thiếu năm.', at));
  else if (layout === 'month_year') {
    out.push(finding('date.partial', `Ngày chỉ có tháng và năm (${show(d)}) — giữ nguyên như trong sổ.`, at));
  } else if (layout === 'year' && def.kind === 'date') {
    out.push(finding('date.partial', `Ngày chỉ có năm (${d.year}) — giữ nguyên như trong sổ.`, at));
  }
  if (d.year !== undefined && !isPlausibleYear(d.year, ctx.latestYear)) {
    out.push(finding('date.year_range', `Năm ${d.year} nằm ngoài khoảng hợp lý.`, at));
  }
  return out;
}

/** Both dates have the same parts with the same values (a part written on one side only is a difference). */
function sameParts(a: DateParts, b: DateParts): boolean {
  return a.day === b.day && a.month === b.month && a.year === b.year;
}

/** Cross-field date rules of an entry. */
export function dateEntryFindings(entry: EntryInput, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const reg = REGISTERS[entry.type];
  const f = entry.fields;
  const registered = dateOf(f, 'ngayDangKy');
  if (registered?.year !== undefined && ctx.bookYear && registered.year !== ctx.bookYear) {
    out.push(
      finding(
        'date.registration_outside_book_year',
        `Ngày đăng ký thuộc năm ${registered.year}, không phải năm của sổ (${ctx.bookYear}).`,
        ['ngayDangKy'],
      ),
    );
  }
  for (const person of reg.persons) {
    const { birth: birthKey, birthWords: wordsKey } = person.fields;
    const birth = dateOf(f, birthKey);
    const wordsText = valueOf(f, wordsKey);
    const words = wordsText ? readWords(wordsText) : null;
    if (birth && words && wordsKey && birthKey && !sameParts(birth, words)) {
      out.push(
        finding(
          'date.words_mismatch',
          `Ngày sinh bằng chữ (${show(words)}) khác ngày sinh bằng số (${show(birth)}).`,
          [wordsKey, birthKey],
        ),
      );
    }
    if (birth && registered && birthKey && compareDates(birth, registered) > 0) {
      out.push(
        finding(
          'date.birth_after_registration',
          `Ngày sinh của ${person.label.toLocaleLowerCase('vi')} (${show(birth)}) sau ngày đăng ký (${show(registered)}).`,
          [birthKey, 'ngayDangKy'],
        ),
      );
    }
  }
  if (entry.type === 'KT') {
    const born = dateOf(f, 'nktNgaySinh');
    const died = dateOf(f, 'nktNgayChet');
    if (born && died && compareDates(died, born) < 0) {
      out.push(
        finding('date.death_before_birth', `Ngày chết (${show(died)}) trước ngày sinh (${show(born)}).`, [
          'nktNgayChet',
          'nktNgaySinh',
        ]),
      );
    }
    if (died && registered && compareDates(died, registered) > 0) {
      out.push(
        finding(
          'date.death_after_registration',
          `Ngày chết (${show(died)}) sau ngày đăng ký khai tử (${show(registered)}).`,
          ['nktNgayChet', 'ngayDangKy'],
        ),
      );
    }
  }
  return out;
}
