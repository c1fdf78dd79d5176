/** Builders shared by the unit tests of storage and state: a test book and an audit event draft. */
import type { AuditDraft } from '../../../src/domain/records/audit';
import { newBook, type Book } from '../../../src/domain/records/book';
import type { RegisterType } from '../../../src/domain/registers/types';

/** A book of Phường Phú Hội (2025 units). */
export function testBook(id: string, type: RegisterType = 'KS', year = 2017): Book {
  return newBook(
    {
      type,
      commune: { code: '19774', name: 'Phường Phú Hội', district: '', province: 'Huế', list: '2025' },
      year,
      bookNumber: `01/${year}`,
      paperSize: 'A4',
    },
    id,
  );
}

/** An event draft of book b1 by operator u1 (override any field). */
export const testEvent = (action: AuditDraft['action'], over: Partial<AuditDraft> = {}): AuditDraft => ({
  bookId: 'b1',
  at: 1000,
  userId: 'u1',
  role: 'operator',
  action,
  entryId: null,
  pageId: null,
  field: null,
  before: null,
  after: null,
  note: null,
  ...over,
});
