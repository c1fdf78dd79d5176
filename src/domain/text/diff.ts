/**
 * Character diff of two transcriptions that makes diacritic-only differences stand out (the checker's screen:
 * OCR value, operator value, checker value). Values are compared as NFC characters; characters are first aligned
 * on their base letters (NFD with the combining marks removed, đ → d), so "Thiên" / "Thiện" align letter for
 * letter and only "ê" / "ệ" differ — a `mark` difference, not a changed letter. "Hòa" / "Hoà" (old and new tone
 * placement) differ in two marks and are the same word by `toneInsensitiveKey`.
 */
import { toneInsensitiveKey } from './tone';

/** `same`: identical; `mark`: same base letter, other diacritics; `changed`: another or a missing letter. */
export type DiffKind = 'same' | 'mark' | 'changed';

export interface DiffPart {
  text: string;
  kind: DiffKind;
}

export interface TextDiff {
  /** `a` in parts (its characters that `b` lacks or marks otherwise are not `same`). */
  a: DiffPart[];
  /** `b` in parts. */
  b: DiffPart[];
  /** Every difference is a diacritic (same letters, other marks). */
  marksOnly: boolean;
  /** The same word with the tone mark placed in the other style ("Hòa" / "Hoà"). */
  tonePlacementOnly: boolean;
}

/** The base letter of one NFC character: marks removed, đ → d. */
function base(ch: string): string {
  return ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'D');
}

/** Parts from per-character kinds, runs of one kind joined. */
function parts(chars: readonly string[], kinds: readonly DiffKind[]): DiffPart[] {
  const out: DiffPart[] = [];
  chars.forEach((ch, i) => {
    const kind = kinds[i] ?? 'changed';
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += ch;
    else out.push({ text: ch, kind });
  });
  return out;
}

/** Diff of two values (NFC first); long values (over 400 characters each) compare in O(n·m) all the same. */
export function diffText(aRaw: string, bRaw: string): TextDiff {
  const a = [...aRaw.normalize('NFC')];
  const b = [...bRaw.normalize('NFC')];
  const ba = a.map(base);
  const bb = b.map(base);
  // Longest common subsequence of the base letters.
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] ?? [];
    const below = lcs[i + 1] ?? [];
    for (let j = m - 1; j >= 0; j--) {
      row[j] = ba[i] === bb[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ka: DiffKind[] = new Array<DiffKind>(n).fill('changed');
  const kb: DiffKind[] = new Array<DiffKind>(m).fill('changed');
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ba[i] === bb[j]) {
      const kind: DiffKind = a[i] === b[j] ? 'same' : 'mark';
      ka[i] = kind;
      kb[j] = kind;
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  const differs = aRaw.normalize('NFC') !== bRaw.normalize('NFC');
  const marksOnly = differs && ka.every((k) => k !== 'changed') && kb.every((k) => k !== 'changed');
  return {
    a: parts(a, ka),
    b: parts(b, kb),
    marksOnly,
    tonePlacementOnly: marksOnly && toneInsensitiveKey(aRaw) === toneInsensitiveKey(bRaw),
  };
}
