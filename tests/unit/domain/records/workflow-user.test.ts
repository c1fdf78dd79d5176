import { describe, expect, it } from 'vitest';
import { emptyEntry, mergeEntries, splitEntry, type Entry } from '../../../../src/domain/records/entry';
import { checkRecordMigrations, migrateRecord } from '../../../../src/domain/records/record';
import {
  checkPin,
  hashPin,
  normalizeUser,
  validatePin,
  validateUserInput,
} from '../../../../src/domain/records/user';
import { canTransition, isKeyedState, transitionRefusal } from '../../../../src/domain/workflow';

const op = { userId: 'ann', role: 'operator' } as const;
const checker = { userId: 'binh', role: 'checker' } as const;

describe('workflow', () => {
  it('lets anyone key, only checkers and above verify, and never the keyer', () => {
    expect(canTransition({ state: 'prefilled' }, 'keyed', op)).toBe(true);
    expect(transitionRefusal({ state: 'keyed', keyedBy: 'ann' }, 'verified', op)).toBe(
      'Vai trò của bạn không được làm việc này.',
    );
    expect(canTransition({ state: 'keyed', keyedBy: 'ann' }, 'verified', checker)).toBe(true);
    expect(transitionRefusal({ state: 'keyed', keyedBy: 'binh' }, 'verified', checker)).toMatch(
      /không được tự kiểm tra/,
    );
    expect(canTransition({ state: 'verified', keyedBy: 'ann' }, 'accepted', checker)).toBe(false);
    expect(
      canTransition({ state: 'verified', keyedBy: 'ann' }, 'accepted', { userId: 'c', role: 'supervisor' }),
    ).toBe(true);
    expect(transitionRefusal({ state: 'prefilled' }, 'accepted', { userId: 'a', role: 'admin' })).toMatch(
      /Không thể chuyển mục từ "Chưa nhập xong" sang "Đã nghiệm thu"/,
    );
    expect(canTransition({ state: 'returned' }, 'keyed', op)).toBe(true);
    // Only the keyer takes "finished" back (undo), and only before a check.
    expect(canTransition({ state: 'keyed', keyedBy: op.userId }, 'prefilled', op)).toBe(true);
    expect(transitionRefusal({ state: 'keyed', keyedBy: 'ann' }, 'prefilled', checker)).toMatch(
      /Chỉ người đã nhập/,
    );
    expect(canTransition({ state: 'verified', keyedBy: op.userId }, 'prefilled', op)).toBe(false);
    expect([isKeyedState('prefilled'), isKeyedState('returned'), isKeyedState('verified')]).toEqual([
      false,
      false,
      true,
    ]);
  });
});

describe('users', () => {
  it('stores a PIN as a salted slow hash and checks it', async () => {
    const h = await hashPin('2468', 1000);
    const h2 = await hashPin('2468', 1000);
    expect(h.salt).not.toBe(h2.salt);
    expect(h.hash).not.toBe(h2.hash);
    expect(await checkPin({ pin: h }, '2468')).toBe(true);
    expect(await checkPin({ pin: h }, '2469')).toBe(false);
    expect(await checkPin({ pin: null }, '')).toBe(true);
  });

  it('validates profiles and PINs in Vietnamese', () => {
    expect(validatePin('12', '12')).toEqual(['Mã PIN gồm 4 đến 12 chữ số.']);
    expect(validatePin('1234', '1243')).toEqual(['Hai lần nhập mã PIN không giống nhau.']);
    expect(
      validateUserInput({ name: ' lan ', role: 'operator', pin: '1234', pin2: '1234' }, ['Lan']),
    ).toEqual(['Đã có người dùng trùng tên.']);
    expect(validateUserInput({ name: '', role: 'x', pin: '1234', pin2: '1234' }, [])).toHaveLength(2);
  });

  it('normalises a stored profile (unknown role, broken PIN record)', () => {
    const u = normalizeUser({ id: 'u', name: 'Lan', role: 'boss', pin: { salt: 1 }, extra: 7 });
    expect(u).toMatchObject({ role: 'operator', pin: null, createdBy: null, schema: 1 });
    expect((u as unknown as { extra: number }).extra).toBe(7);
  });
});

describe('record migrations', () => {
  const migrations = [
    { version: 2, description: 'rename a to b', up: (r: Record<string, unknown>) => ({ ...r, b: r['a'] }) },
    { version: 3, description: 'count', up: (r: Record<string, unknown>) => ({ ...r, n: 1 }) },
  ];
  it('runs the migrations above the record version, in order, without touching the input', () => {
    const raw = { a: 'x' };
    expect(migrateRecord(raw, migrations)).toEqual({ a: 'x', b: 'x', n: 1, schema: 3 });
    expect(migrateRecord({ a: 'x', schema: 2 }, migrations)).toEqual({ a: 'x', schema: 3, n: 1 });
    expect(raw).toEqual({ a: 'x' });
    expect(() => checkRecordMigrations(migrations)).not.toThrow();
    expect(() => checkRecordMigrations([migrations[1]!])).toThrow(/expected 2/);
  });
});

describe('entries split and merged (pure)', () => {
  const base = (): Entry => ({
    ...emptyEntry({ bookId: 'b', pageId: 'p1', type: 'KS', order: 0 }, 'e1', 5),
    fields: {
      so: { value: '12', flags: [], source: 'ocr', confirmed: true },
      nksHoTen: { value: 'An', flags: [], source: 'ocr', confirmed: false },
      meHoTen: { value: 'Bình', flags: [], source: 'ocr', confirmed: false },
    },
  });
  it('splits before a field in register order', () => {
    const [kept, made] = splitEntry(base(), 'meHoTen', 'e2', 9);
    expect(Object.keys(kept.fields)).toEqual(['so', 'nksHoTen']);
    expect(Object.keys(made.fields)).toEqual(['meHoTen']);
    expect(made).toMatchObject({ id: 'e2', order: 1, pageIds: ['p1'], revision: 0, state: 'prefilled' });
  });
  it('merges a continuation: takes missing fields, keeps the earlier value, lists both pages', () => {
    const later: Entry = {
      ...emptyEntry({ bookId: 'b', pageId: 'p2', type: 'KS', order: 0 }, 'e3'),
      fields: {
        nksHoTen: { value: 'Khác', flags: [], source: 'ocr', confirmed: false },
        chaHoTen: { value: 'Cường', flags: [], source: 'ocr', confirmed: false },
      },
    };
    const m = mergeEntries(base(), later);
    expect(m.fields['nksHoTen']?.value).toBe('An');
    expect(m.fields['chaHoTen']?.value).toBe('Cường');
    expect(m.pageIds).toEqual(['p1', 'p2']);
  });
});
