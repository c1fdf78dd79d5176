/**
 * The audit chains checked from the DESIGN paragraph alone (§3.8; node:crypto, not the app's code): shared by the
 * browser tests that verify what the app stored.
 */
import { createHash } from 'node:crypto';

export interface Ev {
  bookId: string | null;
  machineId: string;
  seq: number;
  at: number;
  userId: string | null;
  role: string | null;
  action: string;
  entryId: string | null;
  pageId: string | null;
  field: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
  prevHash: string;
  hash: string;
}

/** DESIGN §3.8 canonical JSON: object keys sorted at every level, no whitespace. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** DESIGN §3.8, independently: seq 1, 2, 3…; prevHash; hash = sha256(prevHash + "\n" + canonical(rest)). */
export function verify(events: Ev[]): string[] {
  const problems: string[] = [];
  const chains = new Map<string, Ev[]>();
  for (const e of events) {
    const k = `${e.bookId ?? ''}|${e.machineId}`;
    chains.set(k, [...(chains.get(k) ?? []), e]);
  }
  for (const [k, list] of chains) {
    list.sort((a, b) => a.seq - b.seq);
    let prev = '0'.repeat(64);
    list.forEach((e, i) => {
      const { hash, ...rest } = e;
      const want = createHash('sha256')
        .update(`${e.prevHash}\n${canonical(rest)}`, 'utf8')
        .digest('hex');
      if (e.seq !== i + 1) problems.push(`${k}: seq ${e.seq} at ${i + 1}`);
      if (e.prevHash !== prev) problems.push(`${k}: seq ${e.seq} prevHash`);
      if (hash !== want) problems.push(`${k}: seq ${e.seq} hash`);
      prev = hash;
    });
  }
  return problems;
}
