/** Vietnamese number and date forms of the province screens. */

/** "1.250", "0,2" (Vietnamese separators). */
export const num = (n: number, digits = 0): string =>
  n.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** yyyy-mm-dd → dd/mm/yyyy ("" for null). */
export const dmy = (iso: string | null): string => (iso ? iso.split('-').reverse().join('/') : '');

/** An ISO time (or ms) as dd/mm/yyyy hh:mm in the browser's time zone ("—" for null). */
export function when(t: string | number | null): string {
  if (t === null) return '—';
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "yyyy-mm" of today in the browser's time zone. */
export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** A file's bytes as base64 (the JSON body of an upload). */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
