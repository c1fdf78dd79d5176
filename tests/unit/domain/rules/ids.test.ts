import { describe, expect, it } from 'vitest';
import type { CommuneRef } from '../../../../src/domain/records/book';
import { checkEntry } from '../../../../src/domain/rules/check';
import { expectedIdProvince } from '../../../../src/domain/rules/ids';
import { codes, entry } from './helpers';

// 046317018785: PPP 046 (Thừa Thiên Huế), G = 3 (female, 2000s), YY = 17.
const ID = '046317018785';

const commune = (province: string, list: CommuneRef['list'] = 'pre2025'): CommuneRef => ({
  code: '00001',
  name: 'Xã A',
  district: 'Huyện B',
  province,
  list,
});

describe('personal ID structure', () => {
  it('maps each structure check to its code and severity', () => {
    const one = (id: string) => checkEntry(entry('KS', { nksSoDinhDanh: id }));
    expect(one(ID)).toEqual([]);
    expect(codes(one('046 317 018 785'))).toEqual(['id.spaces']);
    expect(one('04631701878A')[0]).toMatchObject({ code: 'id.non_digit', severity: 'error' });
    expect(one('04631701878')[0]).toMatchObject({ code: 'id.length', severity: 'error' });
    expect(one('186123456')[0]).toMatchObject({ code: 'id.cmnd_9', severity: 'info' });
    expect(codes(one('003317018785'))).toEqual(['id.province_unknown']);
  });

  it('against the same person’s sex, century and birth year', () => {
    const fs = checkEntry(entry('KS', { nksSoDinhDanh: ID, nksGioiTinh: 'Nam', nksNgaySinh: '19/10/1917' }));
    expect(codes(fs)).toEqual(['id.sex', 'id.century']);
    expect(fs.every((f) => f.fields[0] === 'nksSoDinhDanh')).toBe(true);
    expect(codes(checkEntry(entry('KS', { nksSoDinhDanh: ID, nksNgaySinh: '19/10/2018' })))).toEqual([
      'id.year',
    ]);
    expect(
      checkEntry(entry('HN', { nxnSoGiayToTuyThan: ID, nxnGioiTinh: 'Nữ', nxnNgaySinh: '19/10/2017' })),
    ).toEqual([]);
  });

  it('takes the sex of a spouse from the role', () => {
    expect(codes(checkEntry(entry('KH', { chongSoDinhDanh: ID })))).toEqual(['id.sex']);
    expect(checkEntry(entry('KH', { voSoDinhDanh: ID }))).toEqual([]);
  });

  it('id.province_mismatch: a birth registered in the book’s province (pre-2025 units only)', () => {
    expect(expectedIdProvince({ commune: commune('Hoà Bình') })).toBe('017');
    expect(expectedIdProvince({ commune: commune('Huế', '2025') })).toBeNull();
    const e = entry('KS', { nksSoDinhDanh: ID });
    const fs = checkEntry(e, { commune: commune('Nghệ An') });
    expect(codes(fs)).toEqual(['id.province_mismatch']);
    expect(fs[0]?.message).toContain('046 (Thừa Thiên Huế)');
    expect(fs[0]?.message).toContain('Nghệ An, mã 040');
    expect(checkEntry(e, { commune: commune('Thừa Thiên Huế') })).toEqual([]);
    expect(checkEntry(e, { commune: commune('Nghệ An', '2025') })).toEqual([]);
    // The deceased's birth was registered anywhere: no province check.
    expect(
      checkEntry(entry('KT', { nktSoDinhDanh: '046217018785' }), { commune: commune('Nghệ An') }),
    ).toEqual([]);
  });
});
