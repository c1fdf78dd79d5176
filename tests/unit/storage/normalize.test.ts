import { describe, expect, it } from 'vitest';
import {
  checkMigrationOrder,
  MIGRATIONS,
  runMigrations,
  type Migration,
} from '../../../src/storage/migrations';
import { normalizeBook, normalizeEntry, normalizePage } from '../../../src/domain/records';
import { isQuotaError, toStorageError } from '../../../src/storage/errors';

describe('records read from disk', () => {
  it('get defaults for missing fields and keep unknown ones', () => {
    const p = normalizePage({ id: 'p1', bookId: 'b', futureField: 42, rotation: 45 });
    expect(p).toMatchObject({
      id: 'p1',
      mark: 'normal',
      ocr: 'pending',
      rotation: 0,
      warnings: [],
      pdfPage: null,
    });
    expect((p as unknown as { futureField: number }).futureField).toBe(42);
    const b = normalizeBook({ id: 'b', type: 'XX', commune: { code: '1', extra: true } });
    expect(b.type).toBe('KS');
    expect(b.paperSize).toBe('A4');
    expect((b.commune as unknown as { extra: boolean }).extra).toBe(true);
  });

  it('normalise entry fields to NFC and drop unknown flags', () => {
    const decomposed = 'Nguye\u0302\u0303n';
    const e = normalizeEntry({
      id: 'e',
      fields: { nksHoTen: { value: decomposed, flags: ['blank', 'nonsense'], source: 'ocr' } },
    });
    expect(e.fields['nksHoTen']?.value).toBe('Nguyễn');
    expect(e.fields['nksHoTen']?.flags).toEqual(['blank']);
    expect(e.fields['nksHoTen']?.confirmed).toBe(false);
    expect(e.state).toBe('prefilled');
    expect(e.revision).toBe(0);
  });
});

describe('migrations', () => {
  const numbered = (...versions: number[]): Migration[] =>
    versions.map((version) => ({ version, description: `m${version}`, up: () => undefined }));

  it('are numbered 1..n, and a gap, a repeat or a wrong start is refused', () => {
    expect(() => checkMigrationOrder(MIGRATIONS)).not.toThrow();
    expect(() => checkMigrationOrder(numbered(1, 2, 3))).not.toThrow();
    expect(() => checkMigrationOrder(numbered(2))).toThrow(/expected 1/);
    expect(() => checkMigrationOrder(numbered(1, 1))).toThrow(/expected 2/);
    expect(() => checkMigrationOrder(numbered(1, 3))).toThrow(/expected 2/);
  });

  it('run only the steps between the old and the new version, in order', async () => {
    const ran: number[] = [];
    const steps = numbered(1, 2, 3, 4).map((m) => ({ ...m, up: () => void ran.push(m.version) }));
    // The database and transaction are only handed through to each step.
    await runMigrations(null as never, null as never, 1, 3, steps);
    expect(ran).toEqual([2, 3]);
  });
});

describe('storage errors', () => {
  it('turn a quota failure into a Vietnamese message that says nothing was lost', () => {
    const q = new DOMException('quota', 'QuotaExceededError');
    expect(isQuotaError(q)).toBe(true);
    const e = toStorageError(q, 'trang 3');
    expect(e.code).toBe('quota');
    expect(e.message).toMatch(/đã đầy/);
    expect(e.message).toMatch(/vẫn còn nguyên/);
    expect(toStorageError(new Error('boom'), 'sổ').code).toBe('failed');
  });
});
