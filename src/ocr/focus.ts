/**
 * Focus-first order of a book's OCR work (scribe.js TessScheduler, pdf.js PDFRenderingQueue): the page on
 * screen, then the pages after it (the operator reads forward), then the pages before it. Pure.
 */

/** Rank of page `index` when the operator looks at `focus` (lower first). */
export function focusRank(index: number, focus: number, count: number): number {
  if (index === focus) return 0;
  if (index > focus) return index - focus;
  return count + (focus - index);
}

/** The next page to read among `pending` indexes (not running), or null. */
export function nextByFocus(pending: Iterable<number>, focus: number, count: number): number | null {
  let best: number | null = null;
  let bestRank = Infinity;
  for (const i of pending) {
    const r = focusRank(i, focus, count);
    if (r < bestRank) {
      best = i;
      bestRank = r;
    }
  }
  return best;
}

/** Queue priority of a page's OCR jobs in the shared engine (higher first): on-screen page, then look-ahead. */
export function focusPriority(index: number, focus: number, count: number): number {
  return -focusRank(index, focus, count);
}
