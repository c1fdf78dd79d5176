/** Code-list rules: ethnicity and nationality values from the lexicons (aliases and old names accepted). */
import { lookupEthnicity as lookupEthnicityRaw } from '../lexicons/ethnicities';
import { lookupNationality as lookupNationalityRaw } from '../lexicons/nationalities';
import type { FieldDef } from '../registers/types';
import { compactKey } from '../text/normalize';
import { finding } from './catalogue';
import type { Finding } from './types';
import { memo } from './values';

const lookupEthnicity = memo(lookupEthnicityRaw);
const lookupNationality = memo(lookupNationalityRaw);
const key = memo(compactKey);

export function codeFindings(def: FieldDef, value: string): Finding[] {
  const at = [def.key];
  if (def.kind === 'ethnicity') {
    const canonical = lookupEthnicity(value);
    if (!canonical) {
      return [
        finding(
          'ethnicity.unknown',
          `Dân tộc "${value}" không có trong danh mục 54 dân tộc (kể cả tên gọi khác).`,
          at,
        ),
      ];
    }
    if (key(canonical) !== key(value)) {
      return [
        finding(
          'ethnicity.alias',
          `"${value}" là tên gọi khác của dân tộc ${canonical} — giữ nguyên như trong sổ.`,
          at,
        ),
      ];
    }
  }
  if (def.kind === 'nationality') {
    const canonical = lookupNationality(value);
    if (!canonical) {
      return [finding('nationality.unknown', `Quốc tịch "${value}" không có trong danh mục quốc tịch.`, at)];
    }
    if (key(canonical) !== key(value)) {
      return [
        finding(
          'nationality.alias',
          `"${value}" là cách ghi khác của quốc tịch ${canonical} — giữ nguyên như trong sổ.`,
          at,
        ),
      ];
    }
  }
  return [];
}
