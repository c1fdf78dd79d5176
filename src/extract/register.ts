/**
 * Which register a page belongs to, read from its OCR lines alone (never from the book it was imported into):
 * the printed title ("SỔ ĐĂNG KÝ KẾT HÔN") near the top, and the labels that only one register prints ("Nơi
 * chết", "Họ, chữ đệm, tên chồng", "Nơi sinh"). Both are matched on the folded text (no diacritics, letters and
 * digits only) with an edit budget, so missing diacritics and misread letters do not hide them.
 *
 * Score: a title counts 3, each field whose distinctive label is found counts 1. The best type is detected when
 * it scores at least 2 and leads the next type by at least 2; otherwise the page says nothing (null), and the
 * caller keeps the book's type.
 */
import { REGISTERS, REGISTER_TYPES } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';
import { approxFind } from './approx-match';
import { findLabels, type LabelPattern } from './labels';
import { foldString, type LineText } from './line-text';

export interface RegisterEvidence {
  type: RegisterType;
  /** 'title': the page title names the type; 'label': a label only this type prints. */
  kind: 'title' | 'label';
  /** The words as OCR read them (verbatim, NFC). */
  text: string;
}

export interface RegisterDetection {
  /** The register the page belongs to, or null when the page does not say clearly. */
  type: RegisterType | null;
  /** Score per type (title 3, distinctive label 1 per field). */
  scores: Record<RegisterType, number>;
  /** What was found, strongest first (titles, then labels in page order). */
  evidence: RegisterEvidence[];
}

const TITLE_WEIGHT = 3;
const MIN_SCORE = 2;
const MIN_LEAD = 2;
/** Titles are looked for in this many lines from the top of the page. */
const TITLE_LINES = 8;
/** A title fills most of its line: the folded title is at least this share of the line's folded text. */
const TITLE_COVER = 0.45;

interface TitlePattern {
  type: RegisterType;
  folded: string;
}

/** Every printed title variant of every register, folded; longest first (the longest match wins). */
const TITLES: readonly TitlePattern[] = REGISTER_TYPES.flatMap((type) =>
  REGISTERS[type].titles.map((t) => ({ type, folded: foldString(t) })),
).sort((a, b) => b.folded.length - a.folded.length);

/** Folded label → the one register that prints it and the field it names; labels shared by types left out. */
const DISTINCTIVE: ReadonlyMap<string, { type: RegisterType; field: string }> = (() => {
  const owners = new Map<string, Map<RegisterType, string>>();
  for (const type of REGISTER_TYPES) {
    for (const fd of REGISTERS[type].fields) {
      for (const label of fd.labels) {
        const k = foldString(label);
        if (!k) continue;
        const m = owners.get(k) ?? new Map<RegisterType, string>();
        if (!m.has(type)) m.set(type, fd.key);
        owners.set(k, m);
      }
    }
  }
  const out = new Map<string, { type: RegisterType; field: string }>();
  for (const [k, m] of owners) {
    const [only] = [...m];
    if (m.size === 1 && only) out.set(k, { type: only[0], field: only[1] });
  }
  return out;
})();

/**
 * Every label of every register as one pattern list: overlapping hits keep the longest label, so "Họ, chữ đệm,
 * tên người chết" (death only) wins over the shared "Họ, chữ đệm, tên".
 */
const ALL_LABELS: readonly LabelPattern[] = (() => {
  const seen = new Set<string>();
  for (const type of REGISTER_TYPES)
    for (const fd of REGISTERS[type].fields) for (const l of fd.labels) seen.add(foldString(l));
  seen.delete('');
  return [...seen].map((folded) => ({ folded, fields: [] }));
})();

function titleBudget(len: number): number {
  return Math.floor(len * 0.25);
}

/** The title a line prints, if it is a title line. */
function titleOf(line: LineText): { type: RegisterType; start: number; end: number } | null {
  const text = line.folded;
  for (const p of TITLES) {
    if (p.folded.length < TITLE_COVER * text.length) continue;
    const m = approxFind(p.folded, text, titleBudget(p.folded.length))[0];
    if (!m) continue;
    return { type: p.type, start: line.map[m.start] ?? 0, end: (line.map[m.end - 1] ?? 0) + 1 };
  }
  return null;
}

export function detectRegister(lines: readonly LineText[]): RegisterDetection {
  const scores: Record<RegisterType, number> = { KS: 0, KT: 0, KH: 0, CMC: 0, HN: 0 };
  const evidence: RegisterEvidence[] = [];
  const byY = [...lines].sort((a, b) => a.box[1] - b.box[1]);
  const titled = new Set<RegisterType>();
  for (const line of byY.slice(0, TITLE_LINES)) {
    const t = titleOf(line);
    if (!t || titled.has(t.type)) continue;
    titled.add(t.type);
    scores[t.type] += TITLE_WEIGHT;
    evidence.push({ type: t.type, kind: 'title', text: line.text.slice(t.start, t.end) });
  }
  const fields = new Set<string>();
  byY.forEach((line, i) => {
    for (const hit of findLabels(line, i, ALL_LABELS)) {
      const own = DISTINCTIVE.get(hit.pattern.folded);
      if (!own || fields.has(`${own.type}.${own.field}`)) continue;
      fields.add(`${own.type}.${own.field}`);
      scores[own.type] += 1;
      evidence.push({ type: own.type, kind: 'label', text: line.text.slice(hit.start, hit.end) });
    }
  });
  const ranked = [...REGISTER_TYPES].sort((a, b) => scores[b] - scores[a]);
  const [best, second] = ranked;
  const top = best ? scores[best] : 0;
  const next = second ? scores[second] : 0;
  const type = best && top >= MIN_SCORE && top - next >= MIN_LEAD ? best : null;
  return { type, scores, evidence };
}
