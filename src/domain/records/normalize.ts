/**
 * Helpers for record normalisers (excalidraw `restore.ts` spirit): records read from disk or from a package get
 * defaults for missing fields, wrong types are replaced, unknown fields are kept, text is NFC.
 */
export type Loose = Record<string, unknown>;

export const loose = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
export const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v.normalize('NFC') : d);
export const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v.normalize('NFC') : null);
export const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : d;
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.normalize('NFC')) : [];
