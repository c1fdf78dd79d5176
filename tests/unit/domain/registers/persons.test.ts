import { describe, expect, it } from 'vitest';
import { defineRegister, f } from '../../../../src/domain/registers/common';
import {
  personFieldKeys,
  personOfField,
  REGISTERS,
  REGISTER_TYPES,
} from '../../../../src/domain/registers/index';
import type { PersonId, RegisterType } from '../../../../src/domain/registers/types';

const ROLES: Record<RegisterType, PersonId[]> = {
  KS: ['child', 'mother', 'father', 'requester'],
  KT: ['deceased', 'requester'],
  KH: ['husband', 'wife'],
  CMC: ['parent', 'child', 'requester'],
  HN: ['subject', 'requester'],
};

describe('person groups declared by each register', () => {
  for (const type of REGISTER_TYPES) {
    it(`${type}: its people, each field a printed field of the person's own section`, () => {
      const reg = REGISTERS[type];
      expect(reg.persons.map((p) => p.id)).toEqual(ROLES[type]);
      for (const p of reg.persons) {
        expect(p.label.normalize('NFC')).toBe(p.label);
        expect(p.fields.name).toBeDefined();
        const sections = new Set(
          personFieldKeys(p).map((key) => reg.fields.find((fd) => fd.key === key)?.section),
        );
        expect(sections.size).toBe(1);
        expect(sections.has(undefined)).toBe(false);
      }
    });
  }
  it('field kinds match their role', () => {
    const kinds: Record<string, string[]> = {
      name: ['name'],
      birth: ['date', 'year_or_date'],
      birthWords: ['date_words'],
      sex: ['sex'],
      idNumber: ['id_number'],
      relation: ['relation'],
    };
    for (const type of REGISTER_TYPES) {
      for (const p of REGISTERS[type].persons) {
        for (const [role, key] of Object.entries(p.fields)) {
          const kind = REGISTERS[type].fields.find((fd) => fd.key === key)?.kind;
          expect(kinds[role], `${type}.${p.id}.${role}`).toContain(kind);
        }
      }
    }
  });
  it('every printed personal-ID, sex and birth field belongs to a person', () => {
    for (const type of REGISTER_TYPES) {
      const reg = REGISTERS[type];
      const declared = new Set(reg.persons.flatMap(personFieldKeys));
      for (const fd of reg.fields) {
        if (fd.kind === 'id_number' || fd.kind === 'sex' || /NgaySinh$/.test(fd.key)) {
          expect(declared.has(fd.key), `${type}.${fd.key}`).toBe(true);
        }
      }
    }
  });
  it('a person field key names one person across registers (the requester excepted)', () => {
    const owner = new Map<string, string>();
    for (const type of REGISTER_TYPES) {
      for (const p of REGISTERS[type].persons) {
        for (const key of personFieldKeys(p)) {
          const who = p.id === 'requester' ? 'requester' : `${type}.${p.id}`;
          expect(owner.get(key) ?? who, key).toBe(who);
          owner.set(key, who);
        }
      }
    }
    expect(personOfField('nktSoDinhDanh')?.id).toBe('deceased');
    expect(personOfField('voNgaySinh')?.id).toBe('wife');
    expect(personOfField('nycHoTen')?.id).toBe('requester');
    expect(personOfField('ngayDangKy')).toBeUndefined();
  });
  it('a birth requester named "Cha"/"Mẹ" is the father/mother', () => {
    const words = REGISTERS.KS.persons.flatMap((p) => (p.relationWord ? [[p.id, p.relationWord]] : []));
    expect(words).toEqual([
      ['mother', 'Mẹ'],
      ['father', 'Cha'],
    ]);
  });
  it('a person naming a field the register does not print is refused', () => {
    const make = () =>
      defineRegister(
        'KS',
        'x',
        [],
        [f('nksHoTen', ['Họ tên'], 'name', 'child', 'Họ tên')],
        [{ id: 'child', label: 'Con', fields: { name: 'nksHoTen', sex: 'nksGioiTinh' } }],
      );
    expect(make).toThrow(/nksGioiTinh/);
  });
});
