/**
 * Which book record the provincial copy keeps after a merge (`books.record`). Pure. The workstation's import adds a
 * book's record only when the book is new; the province receives every commune's and every supervisor's packages
 * of a book, so its record must follow the book's settings and acceptances as they move on:
 * - a new book: the package's record ('new');
 * - the package brings no book-level event the server lacks: the stored record stays ('kept');
 * - the package's chains hold every book-level event the server holds (it is at or ahead of the server for the
 *   book): the package's record ('taken');
 * - both sides have book-level events the other lacks (a supervisor accepted while the commune wrote a note): the
 *   stored record, plus the acceptance records and notes only the package has ('combined'); an acceptance on both
 *   sides is the one further on (decided over undecided, then more sampled entries marked). Nothing of either
 *   side's acceptances or notes is dropped; the stored settings (flags, paper size) stay.
 */
import type { AuditAction } from '../../src/domain/records/audit';
import type { Book, BookNote } from '../../src/domain/records/book';
import type { AcceptanceRecord } from '../../src/domain/acceptance/record';
import type { ChainHeads } from '../../src/domain/records/merge';

/** Events that change the book record itself (settings, sampling and acceptance, notes). */
export const BOOK_ACTIONS: readonly AuditAction[] = [
  'book.create',
  'book.update',
  'book.sample',
  'book.inspect',
  'book.accept',
  'book.note',
];

export type BookRecordChoice = 'new' | 'kept' | 'taken' | 'combined';

export interface BookRecordInput {
  stored: Book | null;
  incoming: Book;
  /** Per machine, the highest seq of a book-level event the server holds. */
  storedBookHeads: ChainHeads;
  /** The package's chain heads. */
  incomingHeads: ChainHeads;
  /** Book-level events of the package the server lacks. */
  freshBookEvents: number;
}

const progress = (a: AcceptanceRecord): number =>
  (a.decidedAt !== null ? 1_000_000 : 0) + Object.keys(a.marks).length;

const noteKey = (n: BookNote): string => `${n.at}\u0000${n.userId ?? ''}\u0000${n.text}`;

function combine(stored: Book, incoming: Book): Book {
  const acceptances = stored.acceptances.map((a) => {
    const other = incoming.acceptances.find((b) => b.id === a.id);
    return other && progress(other) > progress(a) ? other : a;
  });
  for (const b of incoming.acceptances) if (!acceptances.some((a) => a.id === b.id)) acceptances.push(b);
  acceptances.sort((a, b) => a.drawnAt - b.drawnAt);
  const have = new Set(stored.notes.map(noteKey));
  const notes = [...stored.notes, ...incoming.notes.filter((n) => !have.has(noteKey(n)))].sort(
    (a, b) => a.at - b.at,
  );
  return { ...stored, acceptances, notes, updatedAt: Math.max(stored.updatedAt, incoming.updatedAt) };
}

export function chooseBookRecord(input: BookRecordInput): { record: Book; choice: BookRecordChoice } {
  const { stored, incoming } = input;
  if (!stored) return { record: incoming, choice: 'new' };
  if (input.freshBookEvents === 0) return { record: stored, choice: 'kept' };
  const ahead = Object.entries(input.storedBookHeads).every(
    ([machine, seq]) => (input.incomingHeads[machine] ?? 0) >= seq,
  );
  if (ahead) return { record: incoming, choice: 'taken' };
  return { record: combine(stored, incoming), choice: 'combined' };
}
