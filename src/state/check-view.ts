/**
 * Pure helpers of the checker screen: where on the page a field is shown (its box; else the page-wide strip at the
 * nearest boxed field of the entry; else the whole page: never nothing) and how a decision reads.
 */
import type { Box } from '../domain/geometry';
import { CHECK_REASON_LABELS, type CheckReason, type Entry, type FieldCheck } from '../domain/records/entry';
import { REGISTERS } from '../domain/registers';

export type CropKind = 'field' | 'line' | 'page';

export interface CheckCrop {
  pageId: string;
  box: Box;
  /** 'field': the field's own box; 'line': the page-wide strip at the nearest boxed field; 'page': whole page. */
  kind: CropKind;
  /** The field the strip was taken from (kind 'line'). */
  nearKey?: string;
}

/** Where the checker sees field `key` of `entry`; `size(pageId)` gives a page's image size. */
export function cropFor(
  entry: Entry,
  key: string,
  size: (pageId: string) => { width: number; height: number } | undefined,
): CheckCrop | null {
  const own = entry.fields[key]?.region;
  if (own && size(own.pageId)) return { pageId: own.pageId, box: own.box, kind: 'field' };
  const keys = REGISTERS[entry.type].fields.map((f) => f.key);
  const at = Math.max(0, keys.indexOf(key));
  let best: { key: string; d: number } | null = null;
  keys.forEach((k, i) => {
    const r = entry.fields[k]?.region;
    if (!r || !size(r.pageId)) return;
    const d = Math.abs(i - at) + (i > at ? 0.5 : 0); // ties go to the field printed before
    if (!best || d < best.d) best = { key: k, d };
  });
  const near = best as { key: string; d: number } | null;
  const region = near ? entry.fields[near.key]?.region : undefined;
  const page = region ? size(region.pageId) : undefined;
  if (near && region && page) {
    const [, y, , h] = region.box;
    const pad = Math.round(h * 0.6);
    const top = Math.max(0, y - pad);
    const bottom = Math.min(page.height, y + h + pad);
    return {
      pageId: region.pageId,
      box: [0, top, page.width, Math.max(1, bottom - top)],
      kind: 'line',
      nearKey: near.key,
    };
  }
  const pageId = entry.pageIds[0];
  const whole = pageId ? size(pageId) : undefined;
  return pageId && whole ? { pageId, box: [0, 0, whole.width, whole.height], kind: 'page' } : null;
}

/** A decision in words: "Đúng", "Sai dấu", "Đã sửa (trước: …)". */
export function checkText(c: FieldCheck | undefined): string {
  if (!c) return 'Chưa kiểm tra';
  if (c.verdict === 'ok') return c.via === 'double-keying' ? 'Khớp khi nhập hai lần' : 'Đúng';
  const reason = c.reason ? ((CHECK_REASON_LABELS as Record<string, string>)[c.reason] ?? c.reason) : 'Sai';
  return c.corrected !== undefined ? `${reason} — người kiểm tra đã sửa (trước: “${c.corrected}”)` : reason;
}

export const reasonLabel = (r: string | undefined): string =>
  r ? ((CHECK_REASON_LABELS as Record<string, string | undefined>)[r as CheckReason] ?? r) : '';
