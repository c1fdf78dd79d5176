/**
 * Name priors: a surname or middle name read with one wrong mark ("Nguyên Vân Hưng") is put back to the
 * far more frequent name that differs only by that mark ("Nguyễn Văn Hưng") when it is at least 50 times as
 * frequent in the name tables (vietnamese-namedb, MIT). Given names are too varied for this and stay.
 */
import data from '../domain/data/syllables.json';

const d = data as { surnames: Record<string, number>; middles: Record<string, number> };

const base = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

function markDistance(a: string, b: string): number {
  const x = a.normalize('NFD');
  const y = b.normalize('NFD');
  let diff = 0;
  const n = Math.max(x.length, y.length);
  for (let i = 0, j = 0; i < n || j < n;) {
    if (x[i] === y[j]) {
      i++;
      j++;
      continue;
    }
    diff++;
    const xm = /[\u0300-\u036f]/.test(x[i] ?? '');
    const ym = /[\u0300-\u036f]/.test(y[j] ?? '');
    if (xm && !ym) i++;
    else if (ym && !xm) j++;
    else {
      i++;
      j++;
    }
    if (i > x.length + 1 || j > y.length + 1) break;
  }
  return diff;
}

function prior(token: string, table: Record<string, number>): string | null {
  const own = table[token] ?? 0;
  let best: string | null = null;
  let bestN = 0;
  for (const [name, n] of Object.entries(table)) {
    if (name === token || base(name) !== base(token) || n < 50 * Math.max(1, own) || n <= bestN) continue;
    if (markDistance(name, token) > 2) continue;
    best = name;
    bestN = n;
  }
  return best;
}

/** A surname common enough in the name tables that a low OCR confidence on it does not make it debris. */
export function isCommonSurname(word: string): boolean {
  return (d.surnames[word.normalize('NFC')] ?? 0) >= 20;
}

export function applyNamePriors(name: string): { value: string; changed: number } {
  const words = name.split(' ');
  if (words.length < 2) return { value: name, changed: 0 };
  let changed = 0;
  const out = words.map((w, i) => {
    const table = i === 0 ? d.surnames : i < words.length - 1 ? d.middles : null;
    const p = table ? prior(w, table) : null;
    if (p) changed++;
    return p ?? w;
  });
  return { value: out.join(' '), changed };
}
