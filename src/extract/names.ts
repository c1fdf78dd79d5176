/**
 * Name priors (vietnamese-namedb, MIT):
 * - a surname or middle name read with one wrong mark ("Nguyên Vân Hưng") is put back to the far more
 *   frequent name that differs only by that mark ("Nguyễn Văn Hưng") when it is at least 50 times as
 *   frequent in the name tables. Given names are too varied for this and stay;
 * - a name word read with a small first letter ("Võ Hữu ong", "Phạm Thị liên") lost its capital: a register
 *   writes every name word capitalised. A capital shaped like its small letter (l, c, o, s, v, ...) was
 *   read small; any other small first letter means the capital itself was dropped (cursive L and G vanish
 *   into the stroke that follows). Taken only when the name tables make one reading clearly the likeliest;
 * - a given name no name table knows, read weakly, whose one letter is a known misread of a frequent name
 *   ("Vụ": the tail of y read as the dot below u) is that name ("Vy"). A given name read surely stays here
 *   (a second reading of it, `prefill/reread.ts`, may still disagree, and `knowsGivenName` tells when to ask).
 */
import data from '../domain/data/syllables.json';

const d = data as {
  surnames: Record<string, number>;
  middles: Record<string, number>;
  nameFreq: Record<string, number>;
};

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

const freq = (w: string, i: number, n: number): number => {
  const t = w.normalize('NFC');
  const word = t.toLowerCase();
  if (i === 0 && n > 1) return d.surnames[t] ?? 0;
  return i < n - 1 ? (d.middles[t] ?? 0) : (d.nameFreq[word] ?? 0);
};

/** Whether the name tables know the given name (last word) of a name of two words or more. */
export function knowsGivenName(name: string): boolean {
  const words = name.split(' ').filter(Boolean);
  return words.length < 2 || freq(words.at(-1) ?? '', words.length - 1, words.length) > 0;
}

/** Small letters whose capital has the same shape: read small, the capital is still on the page. */
const SAME_SHAPE = new Set(['c', 'k', 'l', 'o', 's', 'u', 'v', 'w', 'x', 'y', 'z']);
/** Vietnamese onsets a dropped capital can have begun. */
const ONSETS = ['B', 'C', 'D', 'Đ', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'Q', 'S', 'T', 'V', 'X'].concat([
  'Ch',
  'Gh',
  'Gi',
  'Kh',
  'Ng',
  'Nh',
  'Ph',
  'Qu',
  'Th',
  'Tr',
]);
/** A repair is taken when its reading is at least this frequent and this many times the next one. */
const MIN_NAME_FREQ = 10;
const DOMINANCE = 3;

function likeliest(cands: { text: string; n: number }[]): string | null {
  const sorted = cands.filter((c) => c.n > 0).sort((a, b) => b.n - a.n);
  const [a, b] = sorted;
  if (!a || a.n < MIN_NAME_FREQ || (b && b.n * DOMINANCE > a.n)) return null;
  return a.text;
}

/** The capital of a name word read small ("liên" → "Liên", "ê" → "Lê", "iang" → "Giang"), or null. */
function restoreCapital(w: string, i: number, n: number): string | null {
  const first = w.charAt(0);
  if (!/^\p{Ll}/u.test(first)) return null;
  const cap = first.toUpperCase() + w.slice(1);
  // A name word read small: one misread (the case) explains it better than a dropped letter.
  if (freq(cap, i, n) > 0) return cap;
  const cands = ONSETS.map((o) => ({ text: o + w, n: freq(o + w, i, n) }));
  // A capital shaped like its small letter may have been read small even in a name the tables do not
  // know; a dropped capital the tables make far likelier still wins ("ong" → "Long" rather than "Ong").
  if (SAME_SHAPE.has(first)) cands.push({ text: cap, n: MIN_NAME_FREQ });
  return likeliest(cands);
}

/** Letters of a name OCR reads as another letter of a name: read → written. */
const NAME_MISREADS: Record<string, string> = { ụ: 'y' };

/** The frequent given name a weakly read unknown one is a misread of ("Vụ" → "Vy"), or null. */
function givenNameMisread(w: string, i: number, n: number): string | null {
  if (freq(w, i, n) > 0) return null;
  const letters = [...w];
  const cands = letters.flatMap((ch, k) => {
    const to = NAME_MISREADS[ch];
    if (!to) return [];
    const text = [...letters.slice(0, k), to, ...letters.slice(k + 1)].join('');
    return [{ text, n: freq(text, i, n) }];
  });
  return likeliest(cands);
}

/**
 * The name with the capitals it lost put back and, unless `sure` (every word read at print-like confidence),
 * a given name nobody bears read as the frequent one it is a misread of. Only for names written in capitals
 * word by word (two words at least, most of them capitalised): a name wholly in small letters stays.
 */
export function repairNameWords(name: string, sure = false): { value: string; changed: number } {
  const words = name.split(' ');
  const n = words.length;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  if (n < 2 || capitalised * 2 < n) return { value: name, changed: 0 };
  let changed = 0;
  const out = words.map((w, i) => {
    const r = restoreCapital(w, i, n) ?? (!sure && i === n - 1 ? givenNameMisread(w, i, n) : null);
    if (r) changed++;
    return r ?? w;
  });
  return { value: out.join(' '), changed };
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
