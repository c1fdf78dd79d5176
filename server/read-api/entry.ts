/**
 * An entry as the read API gives it: the stored field values verbatim (NFC, as the register has them, flags
 * beside), their export forms under the Ministry import template (codes, dd.mm.yyyy dates, digit-only IDs —
 * `entryExportCells` of src/exchange/workbook.ts, the workbook's own mapping), the book and the entry's state.
 */
import { normalizeBook, normalizeEntry, REGISTERS } from '../../src/domain';
import { entryExportCells } from '../../src/exchange/workbook';
import type { FeedEntryRow } from './feed';

export interface ReadEntry {
  id: string;
  changeSeq: string;
  state: string;
  type: string;
  order: number;
  revision: number;
  updatedAt: string;
  book: {
    id: string;
    number: string;
    year: number;
    type: string;
    commune: { list: string; code: string; name: string; district: string; province: string };
  };
  fields: Record<string, { label: string; value: string; flags: string[] }>;
  export: {
    template: string;
    columns: Record<string, string>;
    problems: { column: string; code: string; message: string }[];
  };
}

export function readEntryOf(row: FeedEntryRow): ReadEntry {
  const entry = normalizeEntry(row.record);
  const book = normalizeBook(row.bookRecord);
  const defs = REGISTERS[entry.type].fields;
  // Register order first, then any key the register does not know (kept, never dropped).
  const keys = [
    ...defs.map((d) => d.key).filter((k) => k in entry.fields),
    ...Object.keys(entry.fields).filter((k) => !defs.some((d) => d.key === k)),
  ];
  const fields: ReadEntry['fields'] = {};
  for (const key of keys) {
    const f = entry.fields[key]!;
    fields[key] = {
      label: defs.find((d) => d.key === key)?.uiLabel ?? '',
      value: f.value,
      flags: [...f.flags],
    };
  }
  const { template, cells } = entryExportCells(book, entry, row.pageNumber);
  const { code, name, district, province, list } = book.commune;
  return {
    id: entry.id,
    changeSeq: row.changeSeq.toString(),
    state: row.state,
    type: entry.type,
    order: entry.order,
    revision: entry.revision,
    updatedAt: row.updatedAt.toISOString(),
    book: {
      id: book.id,
      number: book.bookNumber,
      year: book.year,
      type: book.type,
      commune: { list, code, name, district, province },
    },
    fields,
    export: {
      template: template.id,
      columns: Object.fromEntries(cells.map((c) => [c.column, c.value])),
      problems: cells.flatMap((c) =>
        c.problems.map((p) => ({ column: c.column, code: p.code, message: p.message })),
      ),
    },
  };
}
