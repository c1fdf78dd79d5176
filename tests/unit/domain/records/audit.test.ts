import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  sealEvent,
  verifyChains,
  ZERO_HASH,
  type AuditDraft,
  type AuditEvent,
} from '../../../../src/domain/records/audit';

const draft = (n: number, over: Partial<AuditDraft> = {}): AuditDraft => ({
  bookId: 'b1',
  at: 1_700_000_000_000 + n,
  userId: 'u1',
  role: 'operator',
  action: 'field.edit',
  entryId: 'e1',
  pageId: 'p1',
  field: 'nksHoTen',
  before: `v${n - 1}`,
  after: `v${n}`,
  note: null,
  ...over,
});

function chain(n: number, machineId = 'm1', bookId: string | null = 'b1'): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (let i = 1; i <= n; i++)
    out.push(sealEvent(draft(i, { bookId }), machineId, out[out.length - 1] ?? null));
  return out;
}

describe('audit chains (DESIGN §3.8)', () => {
  it('canonical JSON sorts keys at every level, keeps arrays in order, has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'Hòa' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"Hòa","z":null}]},"b":1}',
    );
  });

  it('seals events as the paragraph defines them: seq, prevHash, sha256(prevHash + "\\n" + canonical)', () => {
    const [a, b] = chain(2);
    expect(a).toMatchObject({ seq: 1, prevHash: ZERO_HASH, machineId: 'm1' });
    expect(b).toMatchObject({ seq: 2, prevHash: a?.hash });
    const { hash, ...rest } = b!;
    const want = createHash('sha256')
      .update(`${rest.prevHash}\n${canonicalJson(rest)}`)
      .digest('hex');
    expect(hash).toBe(want);
    expect(Object.keys(a!).sort()).toEqual(
      [
        'bookId',
        'machineId',
        'seq',
        'at',
        'userId',
        'role',
        'action',
        'entryId',
        'pageId',
        'field',
        'before',
        'after',
        'note',
        'prevHash',
        'hash',
      ].sort(),
    );
  });

  it('verifies intact chains of several books and machines in any order', () => {
    const all = [...chain(3), ...chain(2, 'm2'), ...chain(2, 'm1', null)].reverse();
    expect(verifyChains(all)).toMatchObject({ ok: true, events: 7, chains: 3, breaks: [] });
  });

  it('names a changed event', () => {
    const c = chain(4);
    c[2] = { ...c[2]!, after: 'sửa tay' };
    const r = verifyChains(c);
    expect(r.ok).toBe(false);
    expect(r.breaks[0]?.seq).toBe(3);
    expect(r.breaks[0]?.message).toMatch(/^Sự kiện số 3 \(Sửa giá trị, .*\) đã bị sửa sau khi ghi\.$/);
  });

  it('names a deleted event and a re-hashed forgery that no longer links', () => {
    const c = chain(4);
    expect(verifyChains([c[0]!, c[1]!, c[3]!]).breaks[0]?.message).toBe(
      'Thiếu sự kiện số 3 (trước sự kiện số 4 (Sửa giá trị, ' +
        `${new Date(c[3]!.at).toLocaleString('vi-VN')})).`,
    );
    // A forger who rewrites event 2 and recomputes its hash breaks the link of event 3.
    const forged = sealEvent({ ...draft(2), after: 'giả' }, 'm1', c[0]!);
    const r = verifyChains([c[0]!, forged, c[2]!, c[3]!]);
    expect(r.breaks[0]?.seq).toBe(3);
    expect(r.breaks[0]?.message).toContain('không nối với sự kiện trước nó');
  });

  it('names reordered events (seq swapped)', () => {
    const c = chain(3);
    const swapped = [c[0]!, { ...c[2]!, seq: 2 }, { ...c[1]!, seq: 3 }];
    expect(verifyChains(swapped).ok).toBe(false);
    expect(verifyChains(swapped).breaks[0]?.seq).toBe(2);
  });
});
