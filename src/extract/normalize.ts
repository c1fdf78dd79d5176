/**
 * Field post-processing by value kind: strip OCR debris, read digits where digits are due, snap closed-list
 * values (sex, ethnic group, nationality, relation) and administrative unit names when the evidence is
 * strong. Never invents a value: an unreadable reading stays as read, with a low confidence.
 */
import type { ValueKind } from '../domain/registers/types';
import { ETHNICITIES, ETHNICITY_EXTRAS } from '../domain/lexicons/ethnicities';
import { NATIONALITIES } from '../domain/lexicons/nationalities';
import { RELATIONS } from '../domain/lexicons/relations';
import { SEXES } from '../domain/lexicons/sexes';
import type { LexiconEntry } from '../domain/lexicons/lexicon';
import { correctPlace } from './places';
import { buildSnapIndex, snap, type SnapIndex } from './snap';

export interface Normalized {
  value: string;
  /** Multiplier for the OCR confidence (1 = the reading fits its kind). */
  fit: number;
}

function lexiconIndex(entries: readonly LexiconEntry[]): SnapIndex {
  return buildSnapIndex(entries.flatMap((e) => [e.canonical, ...e.variants].map((v) => [v, e.canonical] as [string, string])));
}

const LEXICONS: Partial<Record<ValueKind, () => SnapIndex>> = {};
const cache = new Map<ValueKind, SnapIndex>();
LEXICONS.sex = () => lexiconIndex(SEXES);
LEXICONS.ethnicity = () => lexiconIndex([...ETHNICITIES, ...ETHNICITY_EXTRAS]);
LEXICONS.nationality = () => lexiconIndex(NATIONALITIES);
LEXICONS.relation = () => lexiconIndex(RELATIONS);

function lexiconFor(kind: ValueKind): SnapIndex | null {
  const make = LEXICONS[kind];
  if (!make) return null;
  let idx = cache.get(kind);
  if (!idx) {
    idx = make();
    cache.set(kind, idx);
  }
  return idx;
}

/** Letters OCR often reads in place of digits inside numbers. */
const DIGIT_LOOKALIKE: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', i: '1', '|': '1', '!': '1', Z: '2', z: '2', S: '5', s: '5', B: '8', g: '9', G: '6', b: '6', T: '7' };

function digitsOnly(s: string): string {
  return [...s].map((c) => (/\d/.test(c) ? c : (DIGIT_LOOKALIKE[c] ?? ''))).join('');
}

/** "19 /10/ 2017" → "19/10/2017" (separators as printed). */
function readDate(s: string): string | null {
  const t = s.replace(/[,]/g, '/');
  const m = /([0-9OoIl|]{1,2})\s*([/.-])\s*([0-9OoIl|]{1,2})\s*[/.-]\s*([0-9OoIl|SB]{4})/.exec(t);
  if (m) return `${digitsOnly(m[1] ?? '')}${m[2]}${digitsOnly(m[3] ?? '')}${m[2]}${digitsOnly(m[4] ?? '')}`;
  const compact = digitsOnly(t.replace(/\s+/g, ''));
  if (/^\d{8}$/.test(compact) && /[/.-]/.test(t)) return `${compact.slice(0, 2)}/${compact.slice(2, 4)}/${compact.slice(4)}`;
  return null;
}

function readYearOrDate(s: string): string | null {
  const d = readDate(s);
  if (d) return d;
  const m = /(?:^|\D)([12][0-9OoIl]{3})(?:\D|$)/.exec(s.replace(/\s+/g, ''));
  if (m) return digitsOnly(m[1] ?? '');
  const mm = /([0-9]{1,2})\s*\/\s*([12]\d{3})/.exec(s);
  return mm ? `${mm[1]}/${mm[2]}` : null;
}

const NUMERIC: ReadonlySet<ValueKind> = new Set(['number', 'date', 'year_or_date', 'id_number', 'book_number']);

export function normalizeValue(kind: ValueKind, raw: string): Normalized {
  let text = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  // OCR splits digit groups ("1 1/07/1990"); numeric values never contain a space between digits.
  if (NUMERIC.has(kind)) text = text.replace(/(?<=\d)\s+(?=\d)/g, '');
  if (!text) return { value: '', fit: 1 };
  switch (kind) {
    case 'number': {
      const token = text.split(' ')[0] ?? '';
      const d = digitsOnly(token);
      return d ? { value: d, fit: d === token ? 1 : 0.8 } : { value: text, fit: 0.3 };
    }
    case 'book_number': {
      const t = text.replace(/\s*([/-])\s*/g, '$1').split(' ')[0] ?? text;
      return { value: t, fit: /\d/.test(t) ? 1 : 0.4 };
    }
    case 'date': {
      const d = readDate(text);
      return d ? { value: d, fit: 1 } : { value: text, fit: 0.3 };
    }
    case 'year_or_date': {
      const d = readYearOrDate(text);
      return d ? { value: d, fit: 1 } : { value: text, fit: 0.3 };
    }
    case 'id_number': {
      const d = digitsOnly(text.replace(/\s+/g, ''));
      if (d.length === 12 || d.length === 9) return { value: d, fit: 1 };
      return d.length >= 6 ? { value: d, fit: 0.5 } : { value: text, fit: 0.3 };
    }
    case 'sex':
    case 'ethnicity':
    case 'nationality':
    case 'relation': {
      const idx = lexiconFor(kind);
      const s = idx ? snap(text, idx) : null;
      if (s) return { value: s.value, fit: s.agreement };
      return { value: text, fit: kind === 'relation' || kind === 'ethnicity' ? 0.6 : 0.4 };
    }
    case 'place': {
      const p = correctPlace(text);
      return { value: p.value, fit: p.checked === 0 ? 0.8 : 1 - 0.1 * p.corrected };
    }
    default:
      return { value: text, fit: 1 };
  }
}
