/** Known Vietnamese syllables (see scripts/build-syllables.mjs for sources and licences). */
import data from '../domain/data/syllables.json';

let set: Set<string> | null = null;

export function isSyllable(s: string): boolean {
  set ??= new Set((data as { syllables: string[] }).syllables);
  return set.has(s.normalize('NFC').toLowerCase());
}
