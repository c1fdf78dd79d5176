/** Rules on one value as typed: spacing, names (case, digits, syllables), sex, entry number. */
import data from '../data/syllables.json';
import { checkName, splitSyllables } from '../fields/name';
import { parseSex } from '../fields/sex';
import type { FieldValue } from '../records/entry';
import type { FieldDef } from '../registers/types';
import { normalizeTonePlacement } from '../text/tone';
import { finding, type RuleCode } from './catalogue';
import type { Finding } from './types';
import { memo, sentence } from './values';

let syllables: Set<string> | null = null;

/** Syllable key: lower case, old-style tone placement (hoà = hòa), NFC. */
const syllableKey = (s: string): string =>
  normalizeTonePlacement(s.normalize('NFC').toLocaleLowerCase('vi'), 'old');

/** True when `s` is in the syllable inventory (data/syllables.json: word lists, names, unit names). */
export const isKnownSyllable: (s: string) => boolean = memo((s) => {
  syllables ??= new Set((data as { syllables: string[] }).syllables.map(syllableKey));
  return syllables.has(syllableKey(s));
});

const nameWarnings = memo(checkName);

const NAME_CODES: Readonly<Record<string, RuleCode>> = {
  digit: 'name.digit',
  case: 'name.case',
  single_syllable: 'name.single_syllable',
};

/** Format findings of one field (value already known not to be blank). */
export function formatFindings(def: FieldDef, field: FieldValue, value: string): Finding[] {
  const out: Finding[] = [];
  const at = [def.key];
  if (field.value !== field.value.trim() || /\s{2,}|[^\S ]/u.test(field.value)) {
    out.push(finding('text.spaces', 'Có khoảng trắng thừa.', at));
  }
  switch (def.kind) {
    case 'name': {
      // 'spacing' is text.spaces above.
      for (const w of nameWarnings(value)) {
        const code = NAME_CODES[w.code];
        if (code) out.push(finding(code, sentence(w.message), at));
      }
      const unknown = splitSyllables(value)
        .map((s) => s.replace(/^[("'“]+|[)"'”.,;:]+$/gu, ''))
        .filter((s) => s && !/\d/u.test(s) && !isKnownSyllable(s));
      if (unknown.length) {
        const list = unknown.map((s) => `"${s}"`).join(', ');
        out.push(
          finding(
            'name.syllable',
            `Âm tiết không có trong danh sách âm tiết tiếng Việt: ${list} — tên người dân tộc thiểu số, người nước ngoài vẫn có thể đúng.`,
            at,
          ),
        );
      }
      break;
    }
    case 'sex':
      if (!parseSex(value)) out.push(finding('sex.unknown', 'Giới tính thường ghi "Nam" hoặc "Nữ".', at));
      break;
    case 'number':
      if (!/^\d+[A-Za-z]?$/u.test(value))
        out.push(finding('so.format', 'Số thứ tự thường chỉ gồm chữ số.', at));
      break;
    default:
      break;
  }
  return out;
}
