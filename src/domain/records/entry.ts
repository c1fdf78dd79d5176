/** An entry (one registration event) and its field values (DESIGN.md §3.2, §3.3). Pure. */
import type { Box } from '../geometry';
import { REGISTERS, REGISTER_TYPES } from '../registers';
import type { RegisterType } from '../registers/types';
import { isHighConfidence } from '../fields/confidence';
import { loose, num, oneOf, str, strings } from './normalize';
import { migrateRecord, type RecordMigration } from './record';

export type FieldFlag = 'blank' | 'illegible' | 'damaged' | 'struck_through' | 'impossible_date';

export const FIELD_FLAGS: readonly FieldFlag[] = [
  'blank',
  'illegible',
  'damaged',
  'struck_through',
  'impossible_date',
];

export const FIELD_FLAG_LABELS: Readonly<Record<FieldFlag, string>> = {
  blank: 'Để trống trong sổ',
  illegible: 'Không đọc được',
  damaged: 'Sổ bị hư hỏng',
  struck_through: 'Gạch xoá, viết lại',
  impossible_date: 'Ngày không có thật',
};

export interface FieldValue {
  /** Transcription, NFC, as written in the register (verbatim). */
  value: string;
  flags: FieldFlag[];
  source: 'ocr' | 'keyed' | 'checked';
  /** True once the operator has confirmed the value (Enter), whatever its source. */
  confirmed: boolean;
  /** What OCR proposed, kept for statistics. */
  ocr?: { text: string; confidence: number };
  /** Where the value is on a page image (pixels). */
  region?: { pageId: string; box: Box };
  /** The checker's word on this value in the current checking round (cleared when the entry is keyed again). */
  check?: FieldCheck;
  /** Last change of this value (stamped by the store; work-package merges compare it, domain/records/merge.ts). */
  changed?: ChangeStamp;
}

/**
 * Who changed a value last, when, on which machine, and the `seq` of the audit event in that machine's chain of the
 * book that covers the change (DESIGN.md §3.2 `changed`, plus `seq`): a machine that holds that chain up to `seq`
 * has seen the change (merge.ts).
 */
export interface ChangeStamp {
  at: number;
  by: string;
  machineId: string;
  seq: number;
}

/** A stored stamp, or undefined when there is none (or it is not one). */
export function normalizeStamp(raw: unknown): ChangeStamp | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = loose(raw);
  if (typeof r['machineId'] !== 'string' || !r['machineId']) return undefined;
  return { at: num(r['at']), by: str(r['by']), machineId: r['machineId'], seq: num(r['seq']) };
}

/** Why a checker marked a value wrong (the reasons offered on the checker screen, number keys 1–7). */
export type CheckReason =
  'spelling' | 'diacritics' | 'number' | 'missing' | 'extra' | 'handwriting' | 'other';

export const CHECK_REASONS: readonly CheckReason[] = [
  'spelling',
  'diacritics',
  'number',
  'missing',
  'extra',
  'handwriting',
  'other',
];

export const CHECK_REASON_LABELS: Readonly<Record<CheckReason, string>> = {
  spelling: 'Sai chính tả',
  diacritics: 'Sai dấu',
  number: 'Sai số',
  missing: 'Thiếu',
  extra: 'Thừa',
  handwriting: 'Đọc sai chữ viết tay',
  other: 'Khác',
};

/** The checker's verdict on one field (DESIGN.md §3.2). */
export interface FieldCheck {
  verdict: 'ok' | 'wrong';
  /** Why it is wrong (a `CheckReason`; unknown reasons read from disk are kept as they are). */
  reason?: string;
  /** The value the operator had typed when the checker corrected it (the field's value is the checker's). */
  corrected?: string;
  by: string;
  at: number;
  /** Set when no person decided: both keyings of a blind double keying agreed (`by` is the second keyer). */
  via?: 'double-keying';
}

/**
 * The blind second keying of an entry (issue 10 item 3, `domain/double-keying.ts`): what a second operator typed
 * without seeing the first keying or OCR, and how it compared with the first keying when it was finished.
 */
export interface SecondKeying {
  /** The second keyer (never the first: `domain/workflow.ts`). */
  by: string;
  at: number;
  /** The second keyer's value of every register field (NFC; '' where they typed nothing). */
  values: Record<string, string>;
  /** Register fields whose two values differ (after NFC and whitespace folding), in register order. */
  differ: string[];
  /** Register fields compared: those where either keying has a value (both empty counts as nothing). */
  compared: number;
}

/** An OCR value below `HIGH_CONFIDENCE` (domain/fields/confidence.ts) that nobody confirmed, flagged or typed over (the form's medium and low tones). */
export function isUncertainValue(f: FieldValue | undefined): boolean {
  if (!f || f.confirmed || f.flags.length || f.source !== 'ocr' || !f.value) return false;
  return !isHighConfidence(f.ocr?.confidence ?? 0);
}

export type EntryState = 'prefilled' | 'keyed' | 'keyed2' | 'verified' | 'returned' | 'accepted' | 'exported';

const STATES: readonly EntryState[] = [
  'prefilled',
  'keyed',
  'keyed2',
  'verified',
  'returned',
  'accepted',
  'exported',
];

export interface Entry {
  id: string;
  bookId: string;
  /** Page the entry starts on, then the pages it continues onto. */
  pageIds: string[];
  /** Order on its first page (0-based). */
  order: number;
  type: RegisterType;
  state: EntryState;
  fields: Record<string, FieldValue>;
  /** OCR found no opening labels: the entry probably continues the last entry of the previous page. */
  continuesPrevious?: boolean;
  /** User who last moved the entry to keyed (never its checker or acceptor: domain/workflow.ts). */
  keyedBy?: string | null;
  /** The blind second keying (books keyed twice); dropped when the first keyer changes a value afterwards. */
  second?: SecondKeying;
  /** Incremented on every write; a write with a stale revision is refused (two tabs). */
  revision: number;
  createdAt: number;
  updatedAt: number;
  /** Last change of the entry's own attributes (state, pages, order, keyedBy…), as `FieldValue.changed`. */
  changed?: ChangeStamp;
  /** Record schema version (record.ts). */
  schema: number;
}

export const ENTRY_SCHEMA = 1;
export const ENTRY_MIGRATIONS: readonly RecordMigration[] = [];

/**
 * A field after the operator typed `value` over it (NFC already): not confirmed any more, source 'keyed' unless it
 * is OCR's own reading again, "blank" dropped once something is typed. A changed value loses the checker's mark
 * (keyed, keyed2 — or taken back to prefilled — partly checked: the checker judged another value, so this one must
 * be checked again); a returned entry keeps its marks (the reasons stay in sight while the operator fixes them; the
 * round's marks go when it is keyed again).
 */
export function typedField(f: FieldValue, value: string, state: EntryState): FieldValue {
  const { check, ...rest } = f;
  const keep = check && (value === f.value || state === 'returned');
  return {
    ...rest,
    value,
    source: f.ocr && f.ocr.text === value ? f.source : 'keyed',
    confirmed: false,
    flags: f.flags.filter((fl) => fl !== 'blank' || value === ''),
    ...(keep ? { check } : {}),
  };
}

/** The fields without the checker's marks (a new checking round starts). */
export function withoutChecks(fields: Entry['fields']): Entry['fields'] {
  const out: Entry['fields'] = {};
  for (const [k, f] of Object.entries(fields)) {
    const { check: _check, ...rest } = f;
    out[k] = rest;
  }
  return out;
}

/**
 * The entry without its blind second keying and the marks its agreement made: the first keyer changed a value
 * afterwards, so the two keyings are no longer of the same thing (`domain/workflow.ts`). Unchanged when it has none.
 */
export function withoutSecond(e: Entry): Entry {
  if (!e.second) return e;
  const { second: _second, ...rest } = e;
  const fields: Entry['fields'] = {};
  for (const [k, f] of Object.entries(e.fields)) {
    if (f.check?.via !== 'double-keying') fields[k] = f;
    else {
      const { check: _check, ...plain } = f;
      fields[k] = plain;
    }
  }
  return { ...rest, fields };
}

/** A field nobody has touched yet. */
export const emptyField = (): FieldValue => ({ value: '', flags: [], source: 'keyed', confirmed: false });

/** An empty entry the operator adds by hand. */
export function emptyEntry(
  at: { bookId: string; pageId: string; type: RegisterType; order: number },
  id: string,
  now = Date.now(),
): Entry {
  return {
    id,
    bookId: at.bookId,
    pageIds: [at.pageId],
    order: at.order,
    type: at.type,
    state: 'prefilled',
    fields: {},
    revision: 0,
    createdAt: now,
    updatedAt: now,
    schema: ENTRY_SCHEMA,
  };
}

/** A field as OCR left it: nobody typed, confirmed or flagged it. */
export const isUntouchedOcr = (f: FieldValue | undefined): boolean =>
  !f || (f.source === 'ocr' && !f.confirmed && f.flags.length === 0);

/**
 * A page read again, keeping the operator's work: the entries starting on `pageId` take the new reading
 * (`drafts`, paired by order) only in the fields nobody touched; typed, confirmed and flagged fields stay as
 * they are, and no entry is added or removed. Returns the entries that changed and, per entry, the keys.
 */
export function refreshFromOcr(
  existing: readonly Entry[],
  drafts: readonly Entry[],
  pageId: string,
): { entries: Entry[]; fields: Record<string, string[]> } {
  const mine = existing.filter((e) => e.pageIds[0] === pageId).sort((a, b) => a.order - b.order);
  const fresh = [...drafts].sort((a, b) => a.order - b.order);
  const entries: Entry[] = [];
  const fields: Record<string, string[]> = {};
  mine.forEach((entry, i) => {
    const draft = fresh[i];
    if (!draft) return;
    const next = { ...entry.fields };
    const keys: string[] = [];
    for (const [key, f] of Object.entries(draft.fields)) {
      const cur = entry.fields[key];
      if (!isUntouchedOcr(cur)) continue;
      if (cur && cur.value === f.value && cur.ocr?.confidence === f.ocr?.confidence) continue;
      next[key] = { ...f, flags: [...f.flags] };
      keys.push(key);
    }
    if (keys.length) {
      entries.push({ ...entry, fields: next });
      fields[entry.id] = keys;
    }
  });
  return { entries, fields };
}

/**
 * Splits `entry` before field `key` (register order): that field and the ones after it go to a new entry right
 * after it on the same page. Returns the shortened entry and the new one (ids, revisions untouched).
 */
export function splitEntry(entry: Entry, key: string, newId: string, now = Date.now()): [Entry, Entry] {
  const keys = REGISTERS[entry.type].fields.map((f) => f.key);
  const moved = new Set(keys.slice(Math.max(0, keys.indexOf(key))));
  const rest: Record<string, FieldValue> = {};
  const taken: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(entry.fields)) (moved.has(k) ? taken : rest)[k] = v;
  const pageId = entry.pageIds[0] ?? '';
  const created = {
    ...emptyEntry({ bookId: entry.bookId, pageId, type: entry.type, order: entry.order + 1 }, newId, now),
    fields: taken,
  };
  return [{ ...entry, fields: rest }, created];
}

/**
 * Joins `later` (an entry found at the top of a page without its opening labels) into `earlier` (the last
 * entry of the previous page): fields the earlier part lacks are taken from the later part; the earlier entry
 * also lists the later part's page. Fields both parts have keep the earlier value (the later one goes to the
 * audit trail with the merge).
 */
export function mergeEntries(earlier: Entry, later: Entry): Entry {
  const fields = { ...earlier.fields };
  for (const [k, v] of Object.entries(later.fields)) {
    const mine = fields[k];
    if (!mine || (!mine.value && !mine.flags.length)) fields[k] = v;
  }
  const pageIds = [...earlier.pageIds];
  for (const p of later.pageIds) if (!pageIds.includes(p)) pageIds.push(p);
  return { ...earlier, fields, pageIds };
}

/** A stored check, or undefined when there is none (or it is not one: no verdict). */
export function normalizeCheck(raw: unknown): FieldCheck | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = loose(raw);
  const verdict = r['verdict'];
  if (verdict !== 'ok' && verdict !== 'wrong') return undefined;
  const { reason, corrected, ...rest } = r;
  return {
    ...rest,
    verdict,
    ...(typeof reason === 'string' ? { reason: reason.normalize('NFC') } : {}),
    ...(typeof corrected === 'string' ? { corrected: corrected.normalize('NFC') } : {}),
    by: str(r['by']),
    at: num(r['at']),
  };
}

/** A stored second keying, or undefined when there is none (no keyer). */
export function normalizeSecond(raw: unknown): SecondKeying | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = loose(raw);
  const by = str(r['by']);
  if (!by) return undefined;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(loose(r['values']))) values[k] = str(v);
  return { ...r, by, at: num(r['at']), values, differ: strings(r['differ']), compared: num(r['compared']) };
}

export function normalizeField(raw: unknown): FieldValue {
  const r = loose(raw);
  const flags = strings(r['flags']).filter((f): f is FieldFlag =>
    (FIELD_FLAGS as readonly string[]).includes(f),
  );
  const { check: rawCheck, changed: rawChanged, ...rest } = r;
  const check = normalizeCheck(rawCheck);
  const changed = normalizeStamp(rawChanged);
  return {
    ...rest,
    value: str(r['value']),
    flags,
    source: oneOf(r['source'], ['ocr', 'keyed', 'checked'] as const, 'keyed'),
    confirmed: r['confirmed'] === true,
    ...(check ? { check } : {}),
    ...(changed ? { changed } : {}),
  };
}

export function normalizeEntry(raw: unknown): Entry {
  const { changed: rawChanged, ...r } = migrateRecord(raw, ENTRY_MIGRATIONS);
  const changed = normalizeStamp(rawChanged);
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(loose(r['fields']))) fields[k] = normalizeField(v);
  const { second: rawSecond, ...rest } = r;
  const second = normalizeSecond(rawSecond);
  return {
    ...rest,
    ...(changed ? { changed } : {}),
    ...(second ? { second } : {}),
    id: str(r['id']),
    bookId: str(r['bookId']),
    pageIds: strings(r['pageIds']),
    order: num(r['order']),
    type: oneOf(r['type'], REGISTER_TYPES, 'KS'),
    state: oneOf(r['state'], STATES, 'prefilled'),
    fields,
    keyedBy: typeof r['keyedBy'] === 'string' ? r['keyedBy'] : null,
    revision: num(r['revision']),
    createdAt: num(r['createdAt']),
    updatedAt: num(r['updatedAt'], num(r['createdAt'])),
    // A record from a newer version keeps its version (its unknown fields are kept too).
    schema: Math.max(ENTRY_SCHEMA, num(r['schema'], 1)),
  };
}
