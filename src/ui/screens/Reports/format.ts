/** Vietnamese number and date forms shared by the report tables. */

/** "1.250", "0,1" (Vietnamese separators). */
export const num = (n: number, digits = 0): string =>
  n.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** "12,5 %", or "—" when there is nothing to divide by. */
export const rate = (r: number | null): string =>
  r === null ? '—' : `${(Math.round(r * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;

/** yyyy-mm-dd → dd/mm/yyyy ("" for null). */
export const dmy = (iso: string | null): string => (iso ? iso.split('-').reverse().join('/') : '');

/** A time as dd/mm/yyyy. */
export const day = (ms: number): string => {
  const d = new Date(ms);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
};
