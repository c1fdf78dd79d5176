/**
 * How many OCR workers to run by default: one per core but one, which is left to the operator's typing
 * and the page canvas (DESIGN.md §2); at least one. `cores` is what the platform reports
 * (navigator.hardwareConcurrency, os.availableParallelism()); unknown counts as 2.
 */
export function defaultOcrWorkers(cores: number | undefined): number {
  const n = cores !== undefined && Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 2;
  return Math.max(1, n - 1);
}
