/**
 * Raw entry → entry draft: every field of the register (blank when not found), values normalised by kind,
 * split fields filled ("Thời gian chết: 14 giờ 05 phút, ngày 12/03/2023"), and the date in words checked
 * against the date in digits printed above it.
 */
import { dateToWords, wordsToDate, type DateWordsStyle } from '../domain/fields/date-words';
import { compareDates, formatDate, parseDate, type DateParts } from '../domain/fields/date';
import { splitTimeAndDate } from '../domain/fields/time';
import { foldString } from './line-text';
import { levenshtein } from '../domain/text/distance';
import { boxUnion, type Box } from '../domain/geometry';
import type { FieldDef, RegisterDef } from '../domain/registers/types';
import { crossCheck, digitDiff } from './cross-checks';
import { normalizeValue } from './normalize';
import type { RawEntry } from './page';
import type { EntryDraft, FieldDraft } from './types';
import { CLOSED_KINDS, type RawValue } from './values';

const WORD_STYLES: DateWordsStyle[] = [];
for (const thousand of ['nghìn', 'ngàn'] as const)
  for (const zeroTens of ['linh', 'lẻ'] as const)
    for (const dayPrefix of ['mồng', 'mùng', false] as const)
      for (const capitalize of ['first', 'words'] as const)
        WORD_STYLES.push({ thousand, zeroTens, dayPrefix, capitalize });

const norm = (s: string) => s.normalize('NFD').toLowerCase().replace(/\s+/g, ' ').trim();

/** The wording of `digits` closest to what OCR read, when close enough to be the same printed text. */
export function matchDateWords(ocrText: string, digits: string): { value: string; distance: number } | null {
  const d = parseDate(digits);
  if (!d.valid || d.day === undefined || d.month === undefined || d.year === undefined) return null;
  let best: { value: string; distance: number } | null = null;
  for (const style of WORD_STYLES) {
    const cand = dateToWords({ day: d.day, month: d.month, year: d.year }, style);
    const dist = levenshtein(norm(cand), norm(ocrText)) / Math.max(1, norm(cand).length);
    if (!best || dist < best.distance) best = { value: cand.normalize('NFC'), distance: dist };
  }
  return best;
}

/** "19 giờ 16 phút, ngàu 07/07/2022": the date is the trailing d/m/y, whatever the misread "ngày" became. */
export function splitTimeDate(text: string): { time: string; date: string } {
  const m = /[,;.]?\s*(\S+\s+)?([0-9OoIl]{1,2}\s*[/.-]\s*[0-9OoIl]{1,2}\s*[/.-]\s*[0-9OoIlSB]{4})\s*$/u.exec(
    text,
  );
  if (!m) return splitTimeAndDate(text);
  const word = m[1]?.trim() ?? '';
  const isNgay = word === '' || /^ng/.test(foldString(word));
  const timeEnd = isNgay ? m.index : m.index + (m[0].indexOf(word) + word.length);
  return {
    time: text
      .slice(0, timeEnd)
      .replace(/[,;.\s]+$/u, '')
      .trim(),
    date: m[2] ?? '',
  };
}

/** OCR word confidence from which a word counts as surely read (crisp print reads 0.9 and more). */
const SURE_WORD = 0.88;

function draft(fd: FieldDef, raw: RawValue | undefined, text?: string): FieldDraft {
  const ocrText = text ?? raw?.text ?? '';
  // A sure reading: every word of it read at print-like confidence.
  const n = normalizeValue(fd.kind, ocrText, fd.key, (raw?.minConfidence ?? 0) >= SURE_WORD);
  const base = raw?.confidence ?? 0;
  return {
    value: n.value,
    confidence: n.value ? Math.max(0, Math.min(1, base * n.fit)) : raw ? 0.9 : 0.3,
    box: n.value ? (raw?.box ?? null) : null,
    warnings: [],
    ocrText,
    region: raw?.region ?? null,
    evidence: {
      ocrMean: raw?.confidence ?? 0,
      ocrMin: raw?.minConfidence ?? 0,
      fit: n.value ? n.fit : 1,
      reread: false,
    },
  };
}

/** Kinds whose value ends in digits: words after them on the line belong to another field. */
const DIGIT_KINDS: ReadonlySet<string> = new Set(['date', 'year_or_date', 'number', 'id_number']);

/**
 * The boxes of a one-line value's first words and of its last `k` words, from the OCR words' own boxes. When
 * its last words are not OCR words as read (cleaned, several lines), both keep the value's box.
 */
function splitLineBox(raw: RawValue, k: number): [Box | null, Box | null] {
  const words = raw.text.split(' ');
  const own = raw.words ?? [];
  const tail = own.slice(-k);
  if (own.length <= k || !tail.every((w, i) => w.text === words[words.length - k + i]))
    return [raw.box, raw.box];
  return [boxUnion(own.slice(0, -k).map((w) => w.box)), boxUnion(tail.map((w) => w.box))];
}

/**
 * A closed-list field whose label was not found (printed over, smudged) while the value before it in the form runs
 * on with words that read exactly as an entry of its list ("27/08/1990 Kinh" with "Dân tộc:" unreadable): those
 * words are its value. Returns the keys given a value this way.
 */
function valuesOfLostLabels(reg: RegisterDef, values: Record<string, RawValue>): string[] {
  const moved: string[] = [];
  reg.fields.forEach((fd, i) => {
    const next = reg.fields[i + 1];
    const raw = values[fd.key];
    if (!next || !raw || values[next.key] || next.splitFrom || fd.splitFrom) return;
    if (!DIGIT_KINDS.has(fd.kind) || !CLOSED_KINDS.has(next.kind)) return;
    const words = raw.text.split(' ').filter(Boolean);
    for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
      const tail = words.slice(-k).join(' ');
      const n = normalizeValue(next.kind, tail, next.key);
      if (!/\d/.test(words[words.length - k - 1] ?? '') || foldString(n.value) !== foldString(tail)) continue;
      if (n.fit < 0.9) continue;
      const head = words.slice(0, -k).join(' ');
      const [headBox, tailBox] = splitLineBox(raw, k);
      values[fd.key] = { ...raw, text: head, box: headBox };
      values[next.key] = { ...raw, text: tail, box: tailBox, confidence: raw.confidence * 0.8 };
      moved.push(next.key);
      return;
    }
  });
  return moved;
}

export function buildEntry(reg: RegisterDef, raw: RawEntry, pageYear: number | null = null): EntryDraft {
  const fields: Record<string, FieldDraft> = {};
  const values = { ...raw.values };
  const lost = valuesOfLostLabels(reg, values);
  raw = { ...raw, values };
  for (const fd of reg.fields) {
    const source = fd.splitFrom ? raw.values[fd.splitFrom] : raw.values[fd.key];
    if (fd.splitFrom || reg.fields.some((o) => o.splitFrom === fd.key)) {
      const parts = splitTimeDate(source?.text ?? '');
      fields[fd.key] = draft(fd, source, fd.splitFrom ? parts.date : parts.time);
    } else {
      fields[fd.key] = draft(fd, source);
    }
  }
  for (const key of lost) {
    const f = fields[key];
    if (!f) continue;
    f.warnings.push('Không đọc được nhãn của mục này: giá trị lấy từ cuối dòng của mục đứng trước.');
    f.confidence = Math.min(f.confidence, 0.6);
  }
  crossCheckDateWords(reg, fields, pageYear);
  crossCheck(reg, fields, pageYear);
  return { type: reg.type, fields, box: raw.box, continuesPrevious: raw.continuesPrevious };
}

/** The date lies after the entry's registration (or the book's year): impossible for a birth or a death. */
function afterRegistration(
  d: DateParts,
  fields: Record<string, FieldDraft>,
  pageYear: number | null,
): boolean {
  if (d.year === undefined) return false;
  if (pageYear && d.year > pageYear) return true;
  const reg = parseDate(fields['ngayDangKy']?.value ?? '');
  return reg.valid && (!pageYear || reg.year === pageYear) && compareDates(d, reg) > 0;
}

function crossCheckDateWords(
  reg: RegisterDef,
  fields: Record<string, FieldDraft>,
  pageYear: number | null,
): void {
  reg.fields.forEach((fd, i) => {
    if (fd.kind !== 'date_words') return;
    const words = fields[fd.key];
    const dateField = reg.fields
      .slice(0, i)
      .reverse()
      .find((p) => p.kind === 'date');
    const digits = dateField ? fields[dateField.key] : undefined;
    if (!words || !digits || !dateField) return;
    const m = words.value ? matchDateWords(words.value, digits.value) : null;
    // Words that read as another full date than the digits are kept as written and flagged: registers do
    // contain such inconsistencies, and choosing between them is the checker's call.
    const own = words.value ? wordsToDate(words.value) : null;
    const dp = parseDate(digits.value);
    const disagrees =
      own?.day !== undefined &&
      own.month !== undefined &&
      own.year !== undefined &&
      dp.valid &&
      (own.day !== dp.day || own.month !== dp.month || own.year !== dp.year);
    if (disagrees) {
      // Digits that put the birth after its registration are misread; one digit from the words (3/5, 1/7 in
      // hands), they are read from the words, which carry each number in several syllables, and say so.
      const fromWords = formatDate(own) ?? '';
      if (digitDiff(fromWords, digits.value) === 1 && afterRegistration(dp, fields, pageYear)) {
        digits.warnings.push(
          `Ngày ghi bằng số đọc được "${digits.value}", khác ngày ghi bằng chữ một chữ số: lấy theo ngày ghi bằng chữ.`,
        );
        digits.value = fromWords;
        digits.confidence = Math.min(digits.confidence, 0.6);
        return;
      }
      words.warnings.push('Ngày ghi bằng chữ khác ngày ghi bằng số.');
      words.confidence = Math.min(words.confidence, 0.5);
      return;
    }
    // Same date, or words too garbled to read alone (cursive hands): the wording of the digits that is
    // closest to what was read, when close enough.
    if (m && m.distance <= 0.45) {
      words.value = m.value;
      const c = m.distance <= 0.3 ? 1 - m.distance : 0.5;
      words.confidence = Math.max(words.confidence, c);
      if (m.distance <= 0.3) digits.confidence = Math.max(digits.confidence, c);
      return;
    }
    // Digits unreadable but the words are: the register prints both, so read the digits from the words.
    const parsed = words.value ? wordsToDate(words.value) : null;
    if (parsed?.day && parsed.month && parsed.year && !parseDate(digits.value).valid) {
      const dd = String(parsed.day).padStart(2, '0');
      const mm = String(parsed.month).padStart(2, '0');
      digits.value = `${dd}/${mm}/${parsed.year}`;
      digits.confidence = 0.5;
      digits.warnings.push('Ngày sinh bằng số được đọc từ dòng ghi bằng chữ.');
    }
  });
}
