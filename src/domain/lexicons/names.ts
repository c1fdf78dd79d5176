/**
 * Common Vietnamese name syllables by position (surname, middle, any) with their frequencies, from
 * `data/syllables.json` (vietnamese-namedb, MIT: aggregated counts only), and the full names they compose for a
 * typed query: "ng v hai" → "Nguyễn Văn Hải", "Nguyễn Văn Hai", … (the keying suggestions of name fields).
 */
import data from '../data/syllables.json';
import { isVietnameseSpelling } from '../text/spelling';
import { foldSyllable, syllables, type SuggestCandidate } from '../text/suggest';

interface NameSyllable {
  text: string;
  lower: string;
  folded: string;
  count: number;
}

const d = data as {
  nameFreq: Record<string, number>;
  surnames: Record<string, number>;
  middles: Record<string, number>;
};

const capitalize = (s: string): string => (s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : s);

/** A table's names as offered: the lists' encoding debris ("Buøi", "Ngoâ") is left out. */
function table(counts: Record<string, number>): NameSyllable[] {
  return Object.entries(counts)
    .filter(([t]) => isVietnameseSpelling(t))
    .map(([t, count]) => {
      const lower = t.normalize('NFC').toLocaleLowerCase('vi');
      return { text: capitalize(lower), lower, folded: foldSyllable(lower), count };
    })
    .sort((a, b) => b.count - a.count);
}

let tables: { surname: NameSyllable[]; middle: NameSyllable[]; any: NameSyllable[] } | null = null;
const nameTables = (): NonNullable<typeof tables> =>
  (tables ??= { surname: table(d.surnames), middle: table(d.middles), any: table(d.nameFreq) });

/** Up to `k` syllables of `list` for one typed token: same diacritics first, then the whole syllable, then count. */
function options(token: string, list: readonly NameSyllable[], k: number): NameSyllable[] {
  const folded = foldSyllable(token);
  const toned = token !== folded;
  const hits = list.filter((s) => s.folded.startsWith(folded));
  const rank = (s: NameSyllable): number =>
    (toned && s.lower === token ? 4 : 0) +
    (s.folded === folded ? 2 : 0) +
    (toned && s.lower !== token ? -1 : 0);
  return hits.sort((a, b) => rank(b) - rank(a) || b.count - a.count).slice(0, k);
}

/**
 * Full names composed from the typed words in typed order, each word the most likely name syllable it starts
 * (surname table for the first word, middle names inside, any name for the last). A word no table knows is kept
 * as typed, with a capital ("Ksor", "H'Bia"). At most `limit` names, the likeliest first (weight 1 → 0).
 */
export function composeNames(typed: string, limit = 6): SuggestCandidate[] {
  const words = typed
    .normalize('NFC')
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== '');
  if (words.length === 0 || words.length > 6) return [];
  // "hai nguyen van": a surname typed after the given name starts the name (given name last).
  const s = words.findIndex((w) => isSurname(w));
  if (s > 0 && !isSurname(words[0]!) && isNameSyllable(words[0]!)) {
    return compose([...words.slice(s), ...words.slice(0, s)], limit);
  }
  return compose(words, limit);
}

/** A word whose folded form is a common surname (≥ 20, and more often a surname than a middle name: not Văn). */
function isSurname(word: string): boolean {
  const f = foldSyllable(syllables(word).join(''));
  const middle = (x: string): number =>
    nameTables()
      .middle.filter((m) => m.folded === x)
      .reduce((a, m) => a + m.count, 0);
  return nameTables().surname.some((x) => x.folded === f && x.count >= 20 && x.count > middle(f));
}

/** A word some name table knows (folded): "hai" is, "kan" is not. */
function isNameSyllable(word: string): boolean {
  const f = foldSyllable(syllables(word).join(''));
  return nameTables().any.some((x) => x.folded === f);
}

function compose(words: readonly string[], limit: number): SuggestCandidate[] {
  const t = nameTables();
  let beam: { parts: string[]; logp: number }[] = [{ parts: [], logp: 0 }];
  let known = 0;
  words.forEach((w, i) => {
    const token = syllables(w).join('');
    const list = i === 0 ? t.surname : i < words.length - 1 ? t.middle : t.any;
    let opts = token ? options(token, list, 3) : [];
    if (opts.length === 0 && list !== t.any && token) opts = options(token, t.any, 3);
    const total = opts.reduce((a, s) => a + s.count, 0) || 1;
    const choices = opts.map((s, k) => ({ text: s.text, logp: Math.log(s.count / total) - k * 0.01 }));
    // A word typed with its marks (an input method) that no table holds as such is kept as typed, first.
    const asTyped = capitalize(w);
    if (!opts.length || (token !== foldSyllable(token) && !opts.some((s) => s.lower === token)))
      choices.unshift({ text: asTyped, logp: 0 });
    if (opts.length) known++;
    const next: typeof beam = [];
    for (const b of beam)
      for (const c of choices) next.push({ parts: [...b.parts, c.text], logp: b.logp + c.logp });
    beam = next.sort((a, b) => b.logp - a.logp).slice(0, limit);
  });
  if (known === 0) return [];
  const top = beam[0]?.logp ?? 0;
  return beam.map((b) => ({ text: b.parts.join(' '), source: 'names', weight: Math.exp(b.logp - top) }));
}
