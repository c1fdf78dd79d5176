/**
 * PAGE XML 2019-07-15 (PRImA, http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15) of one page, by
 * hand (no DOM): `Metadata` (producer, times, the book in `Comments`, the OCR engine and model as a processing
 * step) and one `Page` (the image's file name and size, `type` blank/content/other) holding
 * - the OCR layer: a `TextRegion type="paragraph"` per OCR block, a `TextLine` per line, a `Word` per word, each
 *   with its `Coords` (the box's four corners) and `TextEquiv` (words with the engine's `conf`; lines and regions
 *   with their text);
 * - the field layer: per entry a `TextRegion type="other" custom="structure {type:entry;}"` with `Labels`
 *   (externalModel "sohoa-entry": id, so, registerType, state, continued) holding per field value boxed on this
 *   page a nested `TextRegion custom="structure {type:<key>;}"` with `Labels` (key, label, source, confirmed,
 *   flags) and one `TextLine` whose `TextEquiv` is the value as stored (verbatim; `conf` only while it is OCR's).
 * PAGE requires coordinates everywhere: a word without a usable box takes its line's, a line its block's, else the
 * whole page. Validated against the published schema in tests/unit/exchange/archive.test.ts.
 */
import type { Box } from '../domain/geometry';
import {
  bookTitle,
  idPart,
  layoutPage,
  sourceName,
  type ArchivePageInput,
  type LaidLine,
} from './archive-page';
import { XmlWriter } from './xml';

export const PAGE_NS = 'http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15';
const PAGE_XSD = `${PAGE_NS}/pagecontent.xsd`;

/** "x0,y0 x1,y0 x1,y1 x0,y1" */
function points([x, y, w, h]: Box): string {
  return `${x},${y} ${x + w},${y} ${x + w},${y + h} ${x},${y + h}`;
}

const conf = (c: number): string => (Math.round(Math.max(0, Math.min(1, c)) * 1000) / 1000).toString();

const lineText = (l: LaidLine): string => l.words.map((w) => w.text).join(' ');

export function buildPageXml(input: ArchivePageInput): string {
  const { page, ocr } = input;
  const layout = layoutPage(input);
  const whole: Box = [0, 0, Math.max(1, page.width), Math.max(1, page.height)];
  const x = new XmlWriter();
  x.open('PcGts', {
    xmlns: PAGE_NS,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${PAGE_NS} ${PAGE_XSD}`,
    pcGtsId: `sohoa-${idPart(page.id)}`,
  });
  x.open('Metadata');
  x.leaf('Creator', input.producer);
  x.leaf('Created', input.created.toISOString());
  x.leaf('LastChange', input.created.toISOString());
  x.leaf('Comments', `${bookTitle(input.book)}, trang ${page.order + 1}`);
  if (ocr) {
    x.empty('MetadataItem', {
      type: 'processingStep',
      name: 'ocr',
      value: `${ocr.engine} ${ocr.model}`,
      date: new Date(ocr.createdAt).toISOString(),
    });
  }
  x.close('Metadata');

  x.open('Page', {
    imageFilename: sourceName(page),
    imageWidth: page.width,
    imageHeight: page.height,
    type: page.mark === 'blank' ? 'blank' : page.mark === 'crossed_out' ? 'other' : 'content',
    primaryLanguage: 'Vietnamese',
    primaryScript: 'Latn - Latin',
  });
  for (const [b, block] of layout.blocks.entries()) {
    const rid = `r${b + 1}`;
    const rbox = block.box ?? whole;
    x.open('TextRegion', { id: rid, type: 'paragraph' });
    x.empty('Coords', { points: points(rbox) });
    for (const [l, line] of block.lines.entries()) {
      const lid = `${rid}_l${l + 1}`;
      const lbox = line.box ?? rbox;
      x.open('TextLine', { id: lid });
      x.empty('Coords', { points: points(lbox) });
      for (const [w, word] of line.words.entries()) {
        x.open('Word', { id: `${lid}_w${w + 1}` });
        x.empty('Coords', { points: points(word.box ?? lbox) });
        equiv(x, word.text, conf(word.confidence));
        x.close('Word');
      }
      equiv(x, lineText(line));
      x.close('TextLine');
    }
    equiv(x, block.lines.map(lineText).join('\n'));
    x.close('TextRegion');
  }
  for (const [i, e] of layout.entries.entries()) {
    const eid = `e${i + 1}`;
    x.open('TextRegion', { id: eid, type: 'other', custom: 'structure {type:entry;}' });
    x.empty('Coords', { points: points(e.box ?? whole) });
    labels(x, 'sohoa-entry', {
      id: e.id,
      so: e.so,
      registerType: e.type,
      state: e.state,
      continued: String(e.continued),
    });
    for (const [k, f] of e.fields.entries()) {
      const fid = `${eid}_f${k + 1}`;
      x.open('TextRegion', { id: fid, type: 'other', custom: `structure {type:${idPart(f.key)};}` });
      x.empty('Coords', { points: points(f.box) });
      labels(x, 'sohoa-field', {
        key: f.key,
        label: f.label,
        source: f.source,
        confirmed: String(f.confirmed),
        ...(f.flags.length ? { flags: f.flags.join(' ') } : {}),
      });
      x.open('TextLine', { id: `${fid}_l1` });
      x.empty('Coords', { points: points(f.box) });
      equiv(x, f.value, f.confidence !== null ? conf(f.confidence) : undefined);
      x.close('TextLine');
      equiv(x, f.value);
      x.close('TextRegion');
    }
    x.close('TextRegion');
  }
  x.close('Page');
  x.close('PcGts');
  return x.toString();
}

function equiv(x: XmlWriter, value: string, c?: string): void {
  x.open('TextEquiv', { conf: c });
  x.leaf('Unicode', value);
  x.close('TextEquiv');
}

function labels(x: XmlWriter, model: string, pairs: Readonly<Record<string, string>>): void {
  x.open('Labels', { externalModel: model });
  for (const [type, value] of Object.entries(pairs)) x.empty('Label', { type, value });
  x.close('Labels');
}
