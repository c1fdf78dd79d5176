/**
 * The merge rules of work packages (domain/records/merge.ts), pure: the rule table per field (one side, the other,
 * both, neither, same content), values written before stamps existed, the entry's own attributes, entries added
 * and deleted on either side, and stamps kept by `stampChanges`.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyEntry,
  type ChangeStamp,
  type Entry,
  type FieldValue,
} from '../../../../src/domain/records/entry';
import {
  applyChoice,
  ENTRY_ATTRS,
  entryAttrs,
  knows,
  mergePackageEntries,
  stampChanges,
  type MergeInput,
} from '../../../../src/domain/records/merge';

const st = (machineId: string, seq: number): ChangeStamp => ({ at: seq, by: 'u', machineId, seq });
const fv = (value: string, changed?: ChangeStamp): FieldValue => ({
  value,
  flags: [],
  source: 'keyed',
  confirmed: true,
  ...(changed ? { changed } : {}),
});
const entry = (id: string, fields: Record<string, FieldValue>, changed?: ChangeStamp): Entry => ({
  ...emptyEntry({ bookId: 'b', pageId: 'p', type: 'KS', order: 0 }, id, 1),
  fields,
  ...(changed ? { changed } : {}),
});
const input = (over: Partial<MergeInput>): MergeInput => ({
  bookId: 'b',
  local: [],
  localHeads: {},
  incoming: [],
  incomingHeads: {},
  deletedHere: new Set(),
  deletedThere: new Set(),
  fromMachineId: 'B',
  now: 5,
  ...over,
});

describe('merge rules', () => {
  // Base: both saw A up to 3. Here (A) holds A..10 and B..2; the package (B) holds A..3 and B..9.
  const heads = { localHeads: { A: 10, B: 2 }, incomingHeads: { A: 3, B: 9 } };

  it('knows: a stamp is known up to the chain head; no stamp is known to everyone', () => {
    expect(knows({ A: 3 }, st('A', 3))).toBe(true);
    expect(knows({ A: 3 }, st('A', 4))).toBe(false);
    expect(knows({}, st('A', 1))).toBe(false);
    expect(knows({}, undefined)).toBe(true);
  });

  it('per field: taken, kept, conflict, same', () => {
    const local = entry('e', {
      onlyThere: fv('old', st('A', 2)),
      onlyHere: fv('mine', st('A', 7)),
      both: fv('mine', st('A', 8)),
      same: fv('x', st('A', 9)),
    });
    const incoming = entry('e', {
      onlyThere: fv('theirs', st('B', 5)),
      onlyHere: fv('old', st('A', 2)),
      both: fv('theirs', st('B', 6)),
      same: fv('x', st('B', 7)),
    });
    const r = mergePackageEntries(input({ ...heads, local: [local], incoming: [incoming] }));
    expect(r.taken).toBe(1);
    expect(r.put[0]?.fields['onlyThere']?.value).toBe('theirs');
    expect(r.put[0]?.fields['onlyHere']?.value).toBe('mine');
    expect(r.put[0]?.fields['both']?.value).toBe('mine');
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ entryId: 'e', field: 'both', fromMachineId: 'B', at: 5 });
  });

  it('an unstamped value counts as the base: the stamped side wins; two unstamped values that differ conflict', () => {
    const local = entry('e', { a: fv('base'), b: fv('mine', st('A', 7)), c: fv('x') });
    const incoming = entry('e', { a: fv('theirs', st('B', 5)), b: fv('base'), c: fv('y') });
    const r = mergePackageEntries(input({ ...heads, local: [local], incoming: [incoming] }));
    expect(r.put[0]?.fields['a']?.value).toBe('theirs');
    expect(r.put[0]?.fields['b']?.value).toBe('mine');
    expect(r.conflicts.map((c) => c.field)).toEqual(['c']);
  });

  it("the entry's attributes merge as one unit", () => {
    const local = { ...entry('e', {}, st('A', 8)), state: 'keyed' as const };
    const incoming = { ...entry('e', {}, st('B', 6)), state: 'verified' as const };
    const r = mergePackageEntries(input({ ...heads, local: [local], incoming: [incoming] }));
    expect(r.conflicts[0]?.field).toBe(ENTRY_ATTRS);
    const r2 = mergePackageEntries(
      input({ ...heads, local: [{ ...local, changed: st('A', 2) }], incoming: [incoming] }),
    );
    expect(r2.put[0]?.state).toBe('verified');
  });

  it('a second keying done on the other machine travels with the state; a conflict choice can carry it', () => {
    const second = { by: 'op2', at: 9, values: { so: '12' }, differ: [], compared: 1 };
    const local = { ...entry('e', {}, st('A', 2)), state: 'keyed' as const };
    const incoming = { ...entry('e', {}, st('B', 6)), state: 'verified' as const, second };
    const r = mergePackageEntries(input({ ...heads, local: [local], incoming: [incoming] }));
    expect(r.put[0]?.state).toBe('verified');
    expect(r.put[0]?.second).toEqual(second);
    // Taken back the other way (no second keying there any more): the property is gone, not `null`.
    const r2 = mergePackageEntries(
      input({
        localHeads: { A: 3, B: 9 },
        incomingHeads: { A: 10, B: 9 },
        local: [{ ...incoming }],
        incoming: [{ ...entry('e', {}, st('A', 8)), state: 'keyed' as const }],
      }),
    );
    expect(r2.put[0]?.state).toBe('keyed');
    expect(r2.put[0] && 'second' in r2.put[0]).toBe(false);
    const chosen = applyChoice(local, ENTRY_ATTRS, { ...entryAttrs(incoming) } as never, st('A', 11));
    expect(chosen.second).toEqual(second);
    expect(chosen.state).toBe('verified');
  });

  it('entries: added there, deleted here (not back), deleted there (gone unless changed here)', () => {
    const r = mergePackageEntries(
      input({
        ...heads,
        local: [entry('untouched', { a: fv('x', st('A', 2)) }), entry('changed', { a: fv('y', st('A', 7)) })],
        incoming: [entry('new', { a: fv('n', st('B', 4)) }), entry('gone', { a: fv('g', st('A', 1)) })],
        deletedHere: new Set(['gone']),
        deletedThere: new Set(['untouched', 'changed']),
      }),
    );
    expect(r.put.map((e) => e.id)).toEqual(['new']);
    expect(r.added).toBe(1);
    expect(r.skippedDeleted).toBe(1);
    expect(r.remove).toEqual(['untouched']);
  });

  it('stampChanges stamps changed content only, and keeps the stored stamp of the rest', () => {
    const before = entry('e', { a: fv('1', st('A', 1)), b: fv('2', st('B', 4)) }, st('A', 1));
    const stale = { ...before, fields: { a: fv('1', st('A', 0)), b: fv('3', st('A', 0)) } };
    const out = stampChanges(before, stale, st('A', 9));
    expect(out.fields['a']?.changed).toEqual(st('A', 1));
    expect(out.fields['b']?.changed).toEqual(st('A', 9));
    expect(out.changed).toEqual(st('A', 1));
    const split = stampChanges(before, { ...before, fields: { a: before.fields['a']! } }, st('A', 10));
    expect(split.changed).toEqual(st('A', 10)); // a field removed: the entry is stamped
  });
});
