import { describe, expect, it } from 'vitest';
import { parseSex, sexCode } from '../../../../src/domain/fields/sex';
import { formatTime, parseTime, splitTimeAndDate } from '../../../../src/domain/fields/time';

describe('sex', () => {
  it('parses tolerant forms', () => {
    expect(parseSex('Nam')).toBe('Nam');
    expect(parseSex('NỮ')).toBe('Nữ');
    expect(parseSex('nu')).toBe('Nữ');
    expect(parseSex(' Nam ')).toBe('Nam');
    expect(parseSex('không rõ')).toBeNull();
  });
  it('maps to template codes', () => {
    expect(sexCode('Nam')).toBe('1');
    expect(sexCode('Nữ')).toBe('2');
    expect(sexCode('')).toBe('3');
  });
});

describe('time', () => {
  it('parses printed and short forms', () => {
    expect(parseTime('14 giờ 05 phút')).toEqual({ hour: 14, minute: 5, valid: true });
    expect(parseTime('0 giờ 55 phút')).toEqual({ hour: 0, minute: 55, valid: true });
    expect(parseTime('14h05')).toEqual({ hour: 14, minute: 5, valid: true });
    expect(parseTime('14:05')).toEqual({ hour: 14, minute: 5, valid: true });
    expect(parseTime('9 gio')).toEqual({ hour: 9, valid: true });
    expect(parseTime('25 giờ 70 phút')).toMatchObject({ valid: false });
    expect(parseTime('sáng')).toEqual({ valid: false });
  });
  it('formats like the registers', () => {
    expect(formatTime({ hour: 6, minute: 8 })).toBe('6 giờ 08 phút');
    expect(formatTime({ hour: 19, minute: 16 })).toBe('19 giờ 16 phút');
    expect(formatTime({ hour: 7 })).toBe('7 giờ');
  });
  it('splits the KT death-time line', () => {
    expect(splitTimeAndDate('14 giờ 05 phút, ngày 12/03/2023')).toEqual({
      time: '14 giờ 05 phút',
      date: '12/03/2023',
    });
    expect(splitTimeAndDate('2 giờ 23 phút ngày 22/10/2022')).toEqual({
      time: '2 giờ 23 phút',
      date: '22/10/2022',
    });
    expect(splitTimeAndDate('ngày 12/03/2023')).toEqual({ time: '', date: '12/03/2023' });
    expect(splitTimeAndDate('12/03/2023')).toEqual({ time: '', date: '12/03/2023' });
    expect(splitTimeAndDate('14 giờ 05 phút')).toEqual({ time: '14 giờ 05 phút', date: '' });
  });
});
