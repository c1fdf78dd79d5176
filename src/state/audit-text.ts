/** Pure: how an audit event's before/after read in the entry history (Vietnamese, short, never raw JSON trees). */
import type { AuditEvent, JsonValue } from '../domain/records/audit';
import { FIELD_FLAG_LABELS, normalizeCheck, type FieldFlag } from '../domain/records/entry';
import { ENTRY_STATE_LABELS } from '../domain/workflow';
import { fieldByKey } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';
import { checkText } from './check-view';

const MAX = 140;
const clip = (s: string): string => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);
const obj = (v: JsonValue | undefined): Record<string, JsonValue> =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : {};

function flags(v: JsonValue): string {
  const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return list.length
    ? list
        .map((f) => (FIELD_FLAG_LABELS as Record<string, string | undefined>)[f as FieldFlag] ?? f)
        .join(', ')
    : 'không đánh dấu';
}

function fieldsOf(v: JsonValue, type: RegisterType): string {
  const fields = obj(obj(v)['fields']);
  const filled: string[] = [];
  for (const [k, f] of Object.entries(fields)) {
    const value = obj(f)['value'];
    if (typeof value === 'string' && value) filled.push(`${fieldByKey(type, k)?.uiLabel ?? k}: ${value}`);
  }
  return filled.length ? filled.join('; ') : 'không có giá trị';
}

function plain(v: JsonValue): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v === '' ? '(trống)' : v;
  return JSON.stringify(v);
}

/** The "before → after" cell of one event. */
export function describeChange(e: AuditEvent, type: RegisterType): { before: string; after: string } {
  const label = (k: string): string => fieldByKey(type, k)?.uiLabel ?? k;
  switch (e.action) {
    case 'field.confirm':
      return {
        before: e.before ? 'đã xác nhận' : 'chưa xác nhận',
        after: e.after ? 'đã xác nhận' : 'chưa xác nhận',
      };
    case 'field.flag':
      return { before: flags(e.before), after: flags(e.after) };
    case 'field.check':
      return {
        before: e.before === null ? 'chưa kiểm tra' : checkText(normalizeCheck(e.before)),
        after: e.after === null ? 'cần kiểm tra lại' : clip(checkText(normalizeCheck(e.after))),
      };
    case 'entry.state': {
      // A checking round reads in words: the move and, when there is one, what the checker found.
      const state = (v: JsonValue): string =>
        typeof v === 'string' && v in ENTRY_STATE_LABELS
          ? ENTRY_STATE_LABELS[v as keyof typeof ENTRY_STATE_LABELS]
          : plain(v);
      return { before: state(e.before), after: clip(`${state(e.after)}${e.note ? ` — ${e.note}` : ''}`) };
    }
    case 'entry.key2': {
      // The blind second keying: how it compared (its values are in the event), or that it was dropped.
      const k2 = (v: JsonValue): string => {
        const o = obj(v);
        if (!Object.keys(o).length) return 'chưa nhập lần hai';
        const differ = Array.isArray(o['differ']) ? o['differ'].filter((x) => typeof x === 'string') : [];
        const compared = typeof o['compared'] === 'number' ? o['compared'] : 0;
        const words = differ.map((k) => label(k)).join(', ');
        return `${compared - differ.length}/${compared} trường khớp${words ? `; khác: ${words}` : ''}`;
      };
      return { before: k2(e.before), after: clip(`${k2(e.after)}${e.note ? ` — ${e.note}` : ''}`) };
    }
    case 'field.box': {
      const box = (v: JsonValue): string => {
        const b = obj(v)['box'];
        const nums = Array.isArray(b) ? b.filter((x): x is number => typeof x === 'number') : [];
        return nums.length ? `khung ${nums.map((x) => Math.round(x)).join(', ')}` : 'chưa có khung';
      };
      return { before: box(e.before), after: box(e.after) };
    }
    case 'entry.split': {
      const moved = obj(e.after)['fields'];
      const keys = Array.isArray(moved) ? moved.filter((k): k is string => typeof k === 'string') : [];
      return {
        before: '—',
        after: clip(`sang mục mới: ${keys.map(label).join(', ') || 'không trường nào'}`),
      };
    }
    case 'entry.delete':
    case 'entry.merge':
      return {
        before: e.before === null ? '—' : clip(fieldsOf(e.before, type)),
        after: e.after === null ? '—' : clip(fieldsOf(e.after, type)),
      };
    default:
      return { before: clip(plain(e.before)), after: clip(plain(e.after)) };
  }
}
