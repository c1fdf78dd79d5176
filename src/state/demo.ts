/** The demo book: on a first start with no books, a birth register with the shipped sample PDF imported. */
import { searchCommunes } from '../domain/admin';
import type { Book } from '../domain/records/book';
import type { BooksState } from './books.svelte';
import type { ImportState } from './import.svelte';

export interface DemoOptions {
  url: string;
  fileName: string;
}

/** Creates and fills the demo book; returns it, or null when it could not be made (the app works without). */
export async function createDemoBook(
  books: BooksState,
  imports: ImportState,
  demo: DemoOptions,
  onCreated: (book: Book) => Promise<void>,
): Promise<Book | null> {
  // What the sample pages say: "UBND THỊ TRẤN KHE TRE", "Quyển số: 03/2017", year 2017.
  const commune = searchCommunes('khe tre', ['pre2025'], 1)[0];
  if (!commune) return null;
  const made = await books.create({
    type: 'KS',
    year: 2017,
    bookNumber: '03/2017',
    paperSize: 'A4',
    commune,
  });
  if (!made.ok) return null;
  // The file is fetched before the book is shown, so its keying screen says "Đang nhập ảnh…" from the start.
  const res = await fetch(demo.url).catch(() => null);
  const blob = res?.ok ? await res.blob() : null;
  if (blob) imports.announce(made.book.id);
  await onCreated(made.book);
  if (!blob) return made.book;
  const file = new File([blob], demo.fileName, { type: 'application/pdf' });
  await imports.importFiles(made.book, [file]);
  return made.book;
}
