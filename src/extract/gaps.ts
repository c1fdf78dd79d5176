/**
 * Second chance for labels the OCR garbled ("m chết:" for "Nơi chết:"): a line without any label that sits
 * between two found labels of one entry, where fields are missing in between, is matched against just those
 * missing fields' labels with a looser edit budget, or by the last word of the label alone when only one
 * missing field's label ends with it. The printed order narrows the choice, so the looser match is safe.
 */
import type { RegisterDef } from '../domain/registers/types';
import { approxFind } from './approx-match';
import type { AssignedHit } from './assign';
import { foldString, type LineText } from './line-text';

export function fillGaps(
  reg: RegisterDef,
  lines: readonly LineText[],
  assigned: readonly AssignedHit[],
  skip: ReadonlySet<number> = new Set(),
): AssignedHit[] {
  const out = [...assigned];
  const labelled = new Set([...assigned.map((a) => a.hit.line), ...skip]);
  for (let k = 0; k + 1 < assigned.length; k++) {
    const a = assigned[k];
    const b = assigned[k + 1];
    if (!a || !b || a.entry !== b.entry || b.field - a.field < 2) continue;
    const missing = reg.fields.slice(a.field + 1, b.field).map((f, i) => ({ f, index: a.field + 1 + i }));
    let from = a.field + 1;
    for (let l = a.hit.line + 1; l < b.hit.line; l++) {
      const line = lines[l];
      if (!line || labelled.has(l)) continue;
      // The label part: up to the first colon, else the first 60 % of the line.
      const colon = line.text.indexOf(':');
      const head =
        colon > 0 ? line.text.slice(0, colon) : line.text.slice(0, Math.round(line.text.length * 0.6));
      const headFold = foldString(head);
      let best: { index: number; end: number; cost: number } | null = null;
      for (const { f, index } of missing) {
        if (index < from) continue;
        for (const label of f.labels) {
          const p = foldString(label);
          if (p.length < 5) continue;
          const budget = Math.floor(p.length * 0.4);
          // The label should end where the head ends (right before the colon): match its tail.
          const m = approxFind(p, headFold, budget)[0];
          const endsAtColon = colon > 0 ? m && m.end >= headFold.length - 1 : m;
          if (m && endsAtColon && (!best || m.cost < best.cost)) best = { index, end: m.end, cost: m.cost };
        }
      }
      // Its head garbled past the budget ("m chết"), the label still ends in its last word: taken when exactly
      // one missing field has a label ending so.
      if (!best && colon > 0) {
        const tails = missing.filter(
          ({ f, index }) =>
            index >= from &&
            f.labels.some((label) => {
              const last = foldString(label.split(' ').at(-1) ?? '');
              return (
                last.length >= 4 && headFold.endsWith(last) && headFold.length <= foldString(label).length
              );
            }),
        );
        const only = tails.length === 1 ? tails[0] : undefined;
        if (only) best = { index: only.index, end: headFold.length, cost: Math.floor(headFold.length * 0.4) };
      }
      if (!best) continue;
      const endChar = colon > 0 ? colon : (line.map[best.end - 1] ?? 0) + 1;
      const field = reg.fields[best.index];
      if (!field) continue;
      out.push({
        hit: {
          line: l,
          start: 0,
          end: endChar,
          cost: best.cost,
          pattern: { folded: foldString(field.labels[0] ?? ''), fields: [best.index] },
        },
        entry: a.entry,
        field: best.index,
      });
      labelled.add(l);
      from = best.index + 1;
    }
  }
  return out.sort((x, y) => x.hit.line - y.hit.line || x.hit.start - y.hit.start);
}
