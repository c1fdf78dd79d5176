/**
 * Field post-processing by value kind: strip OCR debris, read digits where digits are due, snap closed-list
 * values (sex, ethnic group, nationality, relation) and administrative unit names when the evidence is
 * strong. Never invents a value: an unreadable reading stays as read, with a low confidence.
 */
import { isPlausibleDate } from '../domain/fields/date';
import type { ValueKind } from '../domain/registers/types';
import { ETHNICITIES, ETHNICITY_EXTRAS } from '../domain/lexicons/ethnicities';
import { NATIONALITIES } from '../domain/lexicons/nationalities';
import { RELATIONS } from '../domain/lexicons/relations';
import { SEXES } from '../domain/lexicons/sexes';
import type { LexiconEntry } from '../domain/lexicons/lexicon';
import { CAUSE_OF_DEATH_PHRASES, INSTITUTION_PHRASES, NOTE_PHRASES } from '../domain/lexicons/phrases';
import { repairPhrases } from './phrases';
import { applyNamePriors, repairNameWords } from './names';
import { correctPlace } from './places';
import { correctSyllables, joinSplitSyllables } from './syllables';

const fixWords = (s: string): string => correctSyllables(s).text;

/**
 * A name written in title case with one short token in capitals ("ĐỖ Minh Khôi"): OCR confuses the size of
 * capital-like letters with marks, so that token follows the others. Names written wholly in capitals stay.
 */
function fixNameCase(s: string): string {
  // Punctuation glued to name words is debris ("-Trọng", "“Đặng"); an apostrophe inside (H'Hen) stays.
  const words = s
    .split(' ')
    .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter(Boolean);
  const isTitle = (w: string) => /^\p{Lu}\p{Ll}+$/u.test(w);
  const isCaps = (w: string) => /^\p{Lu}{2,3}$/u.test(w);
  if (words.filter(isTitle).length < 2 || words.filter(isCaps).length !== 1) return words.join(' ');
  return words.map((w) => (isCaps(w) ? w.charAt(0) + w.slice(1).toLowerCase() : w)).join(' ');
}

/** Digits and the letters hands' digits are read as ("Ô8" for 08). */
const TIME_DIGIT = '[0-9OoÔôÖöIl]';
const TIME_ALONE = new RegExp(
  `^\\s*(${TIME_DIGIT}{1,2})\\s*\\p{L}{0,4}\\s*(${TIME_DIGIT}{2})\\s*\\p{L}{0,5}\\s*$`,
  'u',
);
/** "giờ … phút" inside debris: a label's tail before it, a misread word after it. */
const TIME_INSIDE = new RegExp(
  `(?<![\\p{L}\\p{N}]|\\p{N}\\s)(${TIME_DIGIT}{1,2})\\s*g\\p{L}{0,3}\\s*(${TIME_DIGIT}{2})\\s*ph\\p{L}{0,3}(?!\\p{L})`,
  'iu',
);

/** "1? giờ 16 phút" → digits where digits are due. */
function readTime(s: string): string {
  // The form prints "<h> giờ <mm> phút": two numbers with words between them, whatever OCR made of the words.
  const m = TIME_ALONE.exec(s) ?? TIME_INSIDE.exec(s);
  const hour = digitsOnly(m?.[1] ?? '');
  const minute = digitsOnly(m?.[2] ?? '');
  if (m && /\d/.test(m[0]) && Number(hour) <= 24 && Number(minute) <= 59) return `${hour} giờ ${minute} phút`;
  const h = /^\s*([0-9OoIl]{1,2})\s*gi[ờơo]\s*$/iu.exec(s);
  return h ? `${digitsOnly(h[1] ?? '')} giờ` : s;
}
import { foldString } from './line-text';
import { buildSnapIndex, snap, type SnapIndex } from './snap';

export interface Normalized {
  value: string;
  /** Multiplier for the OCR confidence (1 = the reading fits its kind). */
  fit: number;
}

function lexiconIndex(entries: readonly LexiconEntry[]): SnapIndex {
  return buildSnapIndex(
    entries.flatMap((e) => [e.canonical, ...e.variants].map((v) => [v, e.canonical] as [string, string])),
  );
}

const FORMS: Partial<Record<ValueKind, readonly LexiconEntry[]>> = {
  sex: SEXES,
  ethnicity: [...ETHNICITIES, ...ETHNICITY_EXTRAS],
  nationality: NATIONALITIES,
  relation: RELATIONS,
};
const formCache = new Map<ValueKind, Set<string>>();

/** Every spelling a closed list holds (canonical and variants, NFC). */
function listedForms(kind: ValueKind): Set<string> {
  let set = formCache.get(kind);
  if (!set) {
    set = new Set(
      (FORMS[kind] ?? []).flatMap((e) => [e.canonical, ...e.variants].map((v) => v.normalize('NFC'))),
    );
    formCache.set(kind, set);
  }
  return set;
}

const LEXICONS: Partial<Record<ValueKind, () => SnapIndex>> = {};
const cache = new Map<ValueKind, SnapIndex>();
for (const [kind, entries] of Object.entries(FORMS))
  LEXICONS[kind as ValueKind] = () => lexiconIndex(entries);

/** A closed-list value followed by debris ("Kinh , . ng"): the longest word prefix that snaps. */
function snapPrefix(text: string, idx: SnapIndex): ReturnType<typeof snap> {
  const words = text.split(' ');
  for (let n = words.length - 1; n >= 1; n--) {
    const head = words.slice(0, n).join(' ');
    // A long head may carry one misread letter ("VệtNam II"); a short one must be exact.
    const s = snap(head, idx, head.length >= 6 ? 1 : 0);
    if (s) return { value: s.value, agreement: s.agreement * 0.8 };
  }
  return null;
}

const TAIL_LISTS: Partial<Record<ValueKind, readonly LexiconEntry[]>> = {
  ethnicity: [...ETHNICITIES, ...ETHNICITY_EXTRAS],
  nationality: NATIONALITIES,
};

/**
 * Only the start or the end of a closed-list value read ("Kiều" of "Bru-Vân Kiều", "Việt" or "Nam" of "Việt
 * Nam": the rest lost to a cell border or a faint stroke): the one list value some spelling of which starts
 * (or ends) with those words, when just one does.
 */
function snapPart(text: string, kind: ValueKind): ReturnType<typeof snap> {
  const list = TAIL_LISTS[kind];
  const words = text.split(/[\s-]+/u).filter(Boolean);
  const f = foldString(text);
  if (!list || f.length < 3) return null;
  const ends = new Set<string>();
  const starts = new Set<string>();
  for (const e of list)
    for (const form of [e.canonical, ...e.variants]) {
      const fw = form.split(/[\s-]+/u).filter(Boolean);
      if (fw.length <= words.length) continue;
      if (foldString(fw.slice(-words.length).join('')) === f) ends.add(e.canonical);
      if (foldString(fw.slice(0, words.length).join('')) === f) starts.add(e.canonical);
    }
  // A lost start is the likelier loss (the value's first letters meet the label, the cell border or the
  // label's leader dots): a unique ending wins over starts.
  const [only] = ends.size === 1 ? ends : starts;
  return (ends.size === 1 || (ends.size === 0 && starts.size === 1)) && only
    ? { value: only, agreement: 0.6 }
    : null;
}

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
const DIGIT_LOOKALIKE: Record<string, string> = {
  O: '0',
  o: '0',
  Ô: '0',
  ô: '0',
  Ö: '0',
  ö: '0',
  D: '0',
  Q: '0',
  I: '1',
  l: '1',
  i: '1',
  '|': '1',
  '!': '1',
  Z: '2',
  z: '2',
  S: '5',
  s: '5',
  B: '8',
  g: '9',
  // A handwritten 9 closed at the bottom reads as an "a" ("24/0a/1aa2").
  a: '9',
  G: '6',
  b: '6',
  T: '7',
};

function digitsOnly(s: string): string {
  return [...s].map((c) => (/\d/.test(c) ? c : (DIGIT_LOOKALIKE[c] ?? ''))).join('');
}

/**
 * The house number opening an address with a letter read for a digit ("S6 Chi Lăng", "1O3 Lê Lợi"): a first
 * token of at most four digits and look-alikes (O, I, l, S), with a digit among them, is read as digits.
 */
export function houseNumber(s: string): string {
  return s.replace(/^([0-9OoIlS]{1,4})(?=[\s,])/u, (t) =>
    /\d/.test(t) && /[OoIlS]/.test(t) ? t.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5') : t,
  );
}

/** A speck read as punctuation inside a unit type ("thành, phố Huế", "thị. xã"): the two words rejoined. */
export function unitTypeSpecks(s: string): string {
  return s.replace(/(?<!\p{L})(thành|thị)\s*[,.;:'`]\s*(phố|xã|trấn)(?!\p{L})/giu, '$1 $2');
}

/** A date inside free text with a letter read for a digit ("ngày O6/07/2020"): digits where digits are due. */
function datesInText(s: string): string {
  return s.replace(/(?<![\p{L}\p{N}])[0-9OoIl]{1,2}\/[0-9OoIl]{1,2}\/[0-9OoIl]{4}(?![\p{L}\p{N}])/gu, (d) =>
    /\d/.test(d) ? d.replace(/[Oo]/g, '0').replace(/[Il]/g, '1') : d,
  );
}

/** "19 /10/ 2017" → "19/10/2017" (separators as printed). */
function readDate(s: string): string | null {
  const t = s.replace(/[,]/g, '/');
  const m = /([0-9OoIl|]{1,2})\s*([/.-])\s*([0-9OoIl|]{1,2})\s*[/.-]\s*([0-9OoIl|SB]{4})/.exec(t);
  if (m) return `${digitsOnly(m[1] ?? '')}${m[2]}${digitsOnly(m[3] ?? '')}${m[2]}${digitsOnly(m[4] ?? '')}`;
  const compact = digitsOnly(t.replace(/\s+/g, ''));
  const asDate = `${compact.slice(0, 2)}/${compact.slice(2, 4)}/${compact.slice(4)}`;
  if (/^\d{8}$/.test(compact) && /[/.-]/.test(t)) return asDate;
  // Slashes a thin hand's strokes lost ("27112023"): eight digits alone that make a date are one.
  if (/^\d{8}$/.test(t.trim()) && isPlausibleDate(asDate)) return asDate;
  return null;
}

/** Digits a hand's strokes make look alike (each pair both ways). */
const DIGIT_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['3', '5'],
  ['3', '8'],
  ['3', '9'],
  ['1', '4'],
  ['1', '7'],
  ['2', '7'],
  ['5', '6'],
  ['5', '8'],
  ['6', '8'],
  ['0', '6'],
  ['0', '8'],
  ['4', '9'],
];

/**
 * A date whose day or month cannot be ("51/05/2020"): the one date that a single look-alike digit in the day or month
 * makes possible ("31/05/2020"), or null when none or several do.
 */
export function confusedDigitDate(d: string): string | null {
  const m = /^(\d{2})([/.-])(\d{2})\2(\d{4})$/.exec(d);
  if (!m || isPlausibleDate(d)) return null;
  const dm = `${m[1] ?? ''}${m[3] ?? ''}`;
  const found = new Set<string>();
  for (let i = 0; i < dm.length; i++) {
    for (const [a, b] of DIGIT_CONFUSIONS) {
      const c = dm[i] === a ? b : dm[i] === b ? a : null;
      if (!c) continue;
      const x = dm.slice(0, i) + c + dm.slice(i + 1);
      const cand = `${x.slice(0, 2)}${m[2] ?? '/'}${x.slice(2)}${m[2] ?? '/'}${m[4] ?? ''}`;
      if (isPlausibleDate(cand)) found.add(cand);
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

function readYearOrDate(s: string): string | null {
  const d = readDate(s);
  if (d) return d;
  const m = /(?:^|\D)([12][0-9OoIl]{3})(?:\D|$)/.exec(s.replace(/\s+/g, ''));
  if (m) return digitsOnly(m[1] ?? '');
  const mm = /([0-9]{1,2})\s*\/\s*([12]\d{3})/.exec(s);
  return mm ? `${mm[1]}/${mm[2]}` : null;
}

const NUMERIC: ReadonlySet<ValueKind> = new Set([
  'number',
  'date',
  'year_or_date',
  'id_number',
  'book_number',
]);

/** Phrase lists by field: institutions in places, causes of death, standard notes. */
function phrasesFor(kind: ValueKind, key: string): readonly string[] | null {
  if (kind === 'place') return INSTITUTION_PHRASES;
  if (/NguyenNhan/.test(key)) return CAUSE_OF_DEATH_PHRASES;
  if (key === 'ghiChu') return NOTE_PHRASES;
  return null;
}

/** `sure`: OCR read every word with a high confidence; such a reading keeps the letters of its unit names. */
export function normalizeValue(kind: ValueKind, raw: string, key = '', sure = false): Normalized {
  let text = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  // OCR splits digit groups ("1 1/07/1990"); numeric values never contain a space between digits.
  if (NUMERIC.has(kind)) text = text.replace(/(?<=\d)\s+(?=\d)/g, '');
  const phrases = phrasesFor(kind, key);
  let repaired = 0;
  if (phrases) {
    const r = repairPhrases(text, phrases);
    text = r.text;
    repaired = r.changed;
  }
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
      const fixed = d && confusedDigitDate(d);
      if (fixed) return { value: fixed, fit: 0.6 };
      // Digits read from letters beyond the common O, I, l ("24/0a/1aa2") are a guess worth a look.
      if (d) return { value: d, fit: /[^\d\s/.,\-OoIl|]/u.test(text) ? 0.8 : 1 };
      return { value: text, fit: 0.3 };
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
      // A listed spelling read exactly is what the register says ("Khơ Mú" beside the list's "Khơ-mú"): kept.
      if (listedForms(kind).has(text)) return { value: text, fit: 1 };
      const idx = lexiconFor(kind);
      // Nationalities are few and long: two misread letters still leave one candidate.
      const edits = kind === 'nationality' && text.length >= 5 ? 2 : 1;
      const s = idx
        ? (snap(text, idx, edits) ??
          snap(fixWords(text), idx, edits) ??
          snapPrefix(text, idx) ??
          snapPart(text, kind))
        : null;
      if (s) return { value: s.value, fit: s.agreement };
      return { value: text, fit: kind === 'relation' || kind === 'ethnicity' ? 0.6 : 0.4 };
    }
    case 'place': {
      const p = correctPlace(unitTypeSpecks(houseNumber(text)), fixWords, sure);
      return { value: p.value, fit: (p.checked === 0 ? 0.8 : 1 - 0.1 * p.corrected) * (repaired ? 0.9 : 1) };
    }
    case 'name': {
      // A syllable split in two ("Th ủy") is joined before its second half could look like a word that
      // lost its capital.
      const joined = joinSplitSyllables(fixNameCase(text));
      const words = repairNameWords(joined.text, sure);
      const fixed = correctSyllables(words.value);
      const named = applyNamePriors(fixed.text);
      return {
        value: named.value,
        fit: joined.changed || words.changed || fixed.changed || named.changed ? 0.7 : 1,
      };
    }
    case 'text':
    case 'date_words':
    case 'time': {
      const fixed = correctSyllables(text);
      const t = kind === 'time' ? readTime(fixed.text) : datesInText(fixed.text);
      return { value: t, fit: fixed.changed || repaired || t !== fixed.text ? 0.7 : 1 };
    }
    default:
      return { value: text, fit: 1 };
  }
}
