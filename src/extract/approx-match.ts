/**
 * Approximate substring search (Sellers' algorithm): where does `pattern` occur in `text` with the fewest
 * edits? Used to find printed labels in OCR lines despite misread characters, lost spaces and glued values.
 */
export interface ApproxMatch {
  start: number;
  /** Exclusive end in `text`. */
  end: number;
  cost: number;
}

/** All local minima of the edit cost ending positions with cost ≤ maxCost, best first. */
export function approxFind(pattern: string, text: string, maxCost: number, from = 0): ApproxMatch[] {
  const m = pattern.length;
  const n = text.length;
  if (m === 0) return [];
  // prev[i] = cost of pattern[0..i) ending at text position j; start[i] tracks where that alignment began.
  let prev = new Int32Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) {
    prev[i] = i;
    prevStart[i] = from;
  }
  const ends: ApproxMatch[] = [];
  for (let j = from; j < n; j++) {
    cur[0] = 0;
    curStart[0] = j + 1;
    const tc = text.charCodeAt(j);
    for (let i = 1; i <= m; i++) {
      const sub = (prev[i - 1] ?? 0) + (pattern.charCodeAt(i - 1) === tc ? 0 : 1);
      const del = (prev[i] ?? 0) + 1;
      const ins = (cur[i - 1] ?? 0) + 1;
      if (sub <= del && sub <= ins) {
        cur[i] = sub;
        curStart[i] = prevStart[i - 1] ?? 0;
      } else if (del <= ins) {
        cur[i] = del;
        curStart[i] = prevStart[i] ?? 0;
      } else {
        cur[i] = ins;
        curStart[i] = curStart[i - 1] ?? 0;
      }
    }
    const c = cur[m] ?? 0;
    if (c <= maxCost) ends.push({ start: curStart[m] ?? 0, end: j + 1, cost: c });
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  // Keep the best end per start region: drop matches overlapping a cheaper (or equal and longer) one.
  ends.sort((a, b) => a.cost - b.cost || b.end - b.start - (a.end - a.start));
  const kept: ApproxMatch[] = [];
  for (const e of ends) {
    if (kept.some((k) => e.start < k.end && k.start < e.end)) continue;
    kept.push(e);
  }
  return kept;
}
