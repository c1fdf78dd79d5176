/**
 * ALTO 4.4 (http://www.loc.gov/standards/alto/ns-v4#) of one page, by hand (no DOM): measurement unit pixel (the
 * page image's), `Description` with the source image and the processing steps (the OCR engine and model, then
 * sohoa's export), `Tags` (one `OtherTag` per field key used, one per field flag, one `StructureTag` per entry), and
 * one `Page` whose `PrintSpace` holds
 * - the OCR layer: a `TextBlock` per OCR block, a `TextLine` per line, a `String` per word (`WC` = the engine's
 *   confidence) with `SP` between words;
 * - the field layer: per entry a `ComposedBlock TYPE="entry"` (TAGREFS → its StructureTag: number, register type,
 *   state, id), holding per field value boxed on this page a `TextBlock` (TAGREFS → the field key's tag) with one
 *   line and one `String` whose CONTENT is the value as stored (verbatim) and whose box is the value's box; `WC` only
 *   for a value still as OCR read it; the String's TAGREFS name its flags (illegible, damaged…).
 * A blank page (`mark` blank) gets `PAGECLASS="blank"`, a crossed-out one `"crossed_out"`. Validated against the
 * published schema in tests/unit/exchange/archive.test.ts.
 */
import type { Box } from '../domain/geometry';
import { FIELD_FLAG_LABELS, type FieldFlag } from '../domain/records/entry';
import { bookTitle, layoutPage, sourceName, type ArchivePageInput } from './archive-page';
import { XmlWriter } from './xml';

export const ALTO_NS = 'http://www.loc.gov/standards/alto/ns-v4#';
const ALTO_XSD = 'http://www.loc.gov/standards/alto/v4/alto-4-4.xsd';

const pos = (b: Box | null): Record<string, number | undefined> =>
  b ? { HPOS: b[0], VPOS: b[1], WIDTH: b[2], HEIGHT: b[3] } : {};

const wc = (c: number): string => (Math.round(c * 1000) / 1000).toString();

export function buildAlto(input: ArchivePageInput): string {
  const { page, ocr } = input;
  const layout = layoutPage(input);
  const n = page.order + 1;
  const x = new XmlWriter();
  x.open('alto', {
    xmlns: ALTO_NS,
    'xmlns:xlink': 'http://www.w3.org/1999/xlink',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${ALTO_NS} ${ALTO_XSD}`,
    SCHEMAVERSION: '4.4',
  });

  x.open('Description');
  x.leaf('MeasurementUnit', 'pixel');
  x.open('sourceImageInformation');
  x.leaf('fileName', sourceName(page));
  x.leaf('documentIdentifier', input.book.id, { documentIdentifierLocation: 'sohoa' });
  x.close('sourceImageInformation');
  if (ocr) {
    x.open('Processing', { ID: 'PROC_OCR' });
    x.leaf('processingCategory', 'contentGeneration');
    x.leaf('processingDateTime', new Date(ocr.createdAt).toISOString());
    x.leaf('processingStepSettings', `model: ${ocr.model}`);
    x.open('processingSoftware');
    x.leaf('softwareName', ocr.engine);
    x.close('processingSoftware');
    x.close('Processing');
  }
  x.open('Processing', { ID: 'PROC_EXPORT' });
  x.leaf('processingCategory', 'other');
  x.leaf('processingDateTime', input.created.toISOString());
  x.leaf('processingStepDescription', `${bookTitle(input.book)}, trang ${n}`);
  x.open('processingSoftware');
  const [name = 'sohoa', ...version] = input.producer.split(' ');
  x.leaf('softwareName', name);
  if (version.length) x.leaf('softwareVersion', version.join(' '));
  x.close('processingSoftware');
  x.close('Processing');
  x.close('Description');

  // Tag ids by field key and by flag (numbered: a key or a flag read from disk may be any string).
  const keys = new Map<string, { id: string; label: string }>();
  const flags = new Map<string, string>();
  for (const e of layout.entries)
    for (const f of e.fields) {
      if (!keys.has(f.key)) keys.set(f.key, { id: `FIELD_${keys.size + 1}`, label: f.label });
      for (const fl of f.flags) if (!flags.has(fl)) flags.set(fl, `FLAG_${flags.size + 1}`);
    }
  if (layout.entries.length) {
    x.open('Tags');
    for (const [i, e] of layout.entries.entries()) {
      x.empty('StructureTag', {
        ID: `ENTRY_${i + 1}`,
        TYPE: 'entry',
        LABEL: e.so ? `Mục số ${e.so}` : 'Mục chưa có số',
        DESCRIPTION: `${e.type}; trạng thái ${e.state}; id ${e.id}${e.continued ? '; tiếp từ trang trước' : ''}`,
      });
    }
    for (const [key, tag] of keys) {
      x.empty('OtherTag', { ID: tag.id, TYPE: 'field', LABEL: key, DESCRIPTION: tag.label });
    }
    for (const [fl, id] of flags) {
      const known = FIELD_FLAG_LABELS[fl as FieldFlag] as string | undefined;
      x.empty('OtherTag', { ID: id, TYPE: 'flag', LABEL: fl, DESCRIPTION: known });
    }
    x.close('Tags');
  }

  x.open('Layout');
  x.open('Page', {
    ID: `PAGE_${n}`,
    PHYSICAL_IMG_NR: n,
    WIDTH: page.width,
    HEIGHT: page.height,
    PAGECLASS: page.mark === 'normal' ? undefined : page.mark,
    LANG: 'vi',
    PROCESSINGREFS: ocr ? 'PROC_OCR PROC_EXPORT' : 'PROC_EXPORT',
  });
  if (!layout.blocks.length && !layout.entries.length) {
    x.empty('PrintSpace', { HPOS: 0, VPOS: 0, WIDTH: page.width, HEIGHT: page.height });
  } else {
    x.open('PrintSpace', { HPOS: 0, VPOS: 0, WIDTH: page.width, HEIGHT: page.height });
    for (const [b, block] of layout.blocks.entries()) {
      const bid = `B${b + 1}`;
      x.open('TextBlock', { ID: bid, ...pos(block.box) });
      for (const [l, line] of block.lines.entries()) {
        const lid = `${bid}_L${l + 1}`;
        x.open('TextLine', { ID: lid, ...pos(line.box) });
        for (const [w, word] of line.words.entries()) {
          if (w > 0) x.empty('SP');
          x.empty('String', {
            ID: `${lid}_W${w + 1}`,
            CONTENT: word.text,
            ...pos(word.box),
            WC: wc(word.confidence),
          });
        }
        x.close('TextLine');
      }
      x.close('TextBlock');
    }
    for (const [i, e] of layout.entries.entries()) {
      const eid = `E${i + 1}`;
      x.open('ComposedBlock', { ID: eid, TYPE: 'entry', TAGREFS: `ENTRY_${i + 1}`, ...pos(e.box) });
      for (const [k, f] of e.fields.entries()) {
        const fid = `${eid}_F${k + 1}`;
        x.open('TextBlock', { ID: fid, TAGREFS: keys.get(f.key)?.id, ...pos(f.box) });
        x.open('TextLine', { ID: `${fid}_L1`, ...pos(f.box) });
        x.empty('String', {
          ID: `${fid}_S1`,
          CONTENT: f.value,
          ...pos(f.box),
          WC: f.confidence !== null ? wc(Math.max(0, Math.min(1, f.confidence))) : undefined,
          TAGREFS: f.flags.length ? [...new Set(f.flags.map((fl) => flags.get(fl)))].join(' ') : undefined,
        });
        x.close('TextLine');
        x.close('TextBlock');
      }
      x.close('ComposedBlock');
    }
    x.close('PrintSpace');
  }
  x.close('Page');
  x.close('Layout');
  x.close('alto');
  return x.toString();
}
