/**
 * OCR lines + register schemas → entry drafts with raw values (before field post-processing).
 */
import { boxUnion, type Box } from '../domain/geometry';
import { REGISTERS, REGISTER_TYPES } from '../domain/registers';
import type { RegisterDef, RegisterType } from '../domain/registers/types';
import { assignHits } from './assign';
import { fillGaps } from './gaps';
import { findWrappedLabels } from './wrapped';
import { headerYear } from './cross-checks';
import { findLabels, labelPatterns, type LabelHit } from './labels';
import { makeLineText, type LineText } from './line-text';
import { redecodeLine, type ChoiceWord } from './redecode';
import { detectRegister, type RegisterDetection } from './register';
import { valueOf, type RawValue } from './values';

export interface OcrLineInput {
  box: Box;
  /** With per-symbol alternatives when the engine gave them (`redecode.ts` may choose among them). */
  words: ChoiceWord[];
  /** The ruled row (grid cell band) the line lies in, when the page is ruled (`layout/cells.ts`). */
  row?: string | null;
}

export interface RawEntry {
  type: RegisterType;
  values: Record<string, RawValue>;
  box: Box | null;
  continuesPrevious: boolean;
}

export interface RawPage {
  type: RegisterType | null;
  /** Which register the page itself names (title, distinctive labels), whatever type was asked for. */
  register: RegisterDetection;
  /** Book year from the header, when printed. */
  year: number | null;
  lines: LineText[];
  entries: RawEntry[];
}

function allHits(reg: RegisterDef, lines: readonly LineText[]): { hits: LabelHit[]; tails: Set<number> } {
  const patterns = labelPatterns(reg);
  const single = lines.flatMap((l, i) => findLabels(l, i, patterns));
  return findWrappedLabels(lines, single, patterns);
}

/** The register type whose labels fit best (any labels): the fallback when the page names no register. */
function bestByLabels(lines: readonly LineText[]): RegisterType | null {
  let best: RegisterType | null = null;
  let bestN = 0;
  for (const t of REGISTER_TYPES) {
    const n = new Set(assignHits(allHits(REGISTERS[t], lines).hits).map((a) => a.field)).size;
    if (n > bestN) {
      bestN = n;
      best = t;
    }
  }
  return best;
}

export function extractRaw(inputLines: readonly OcrLineInput[], forcedType?: RegisterType): RawPage {
  const lines = [...inputLines]
    .filter((l) => l.words.length > 0)
    .sort((a, b) => a.box[1] - b.box[1])
    .map((l) => ({ ...makeLineText(redecodeLine(l.words), l.box), row: l.row ?? null }));
  const register = detectRegister(lines);
  // A page of another register than the one asked for (the book's) is not read into the wrong form.
  if (forcedType && register.type && register.type !== forcedType)
    return { type: forcedType, register, year: null, lines, entries: [] };
  const type = forcedType ?? register.type ?? bestByLabels(lines);
  if (!type) return { type: null, register, year: null, lines, entries: [] };
  const reg = REGISTERS[type];
  const { hits, tails } = allHits(reg, lines);
  const assigned = fillGaps(reg, lines, assignHits(hits), tails);
  const labelLines = new Set([...assigned.map((a) => a.hit.line), ...tails]);
  const entries: RawEntry[] = [];
  const claimed = new Set<number>();
  assigned.forEach((a, i) => {
    let e = entries[a.entry];
    if (!e) {
      e = { type, values: {}, box: null, continuesPrevious: a.field > 1 };
      entries[a.entry] = e;
    }
    const fd = reg.fields[a.field];
    if (!fd) return;
    const v = valueOf(assigned, i, lines, fd.kind, labelLines, claimed);
    for (const l of v.lines) claimed.add(l);
    e.values[fd.key] = v;
    const lb = lines[a.hit.line]?.box;
    const boxes = [e.box, lb, v.box].filter((b): b is Box => !!b);
    e.box = boxUnion(boxes);
  });
  const firstLabelLine = assigned[0]?.hit.line ?? lines.length;
  const year = headerYear(
    lines
      .slice(0, firstLabelLine)
      .map((l) => l.text)
      .join(' '),
  );
  return { type, register, year, lines, entries: entries.filter(Boolean) };
}
