/**
 * Archival exports (issue 14 item 6): ALTO 4.4 (`buildAlto`) and PAGE XML 2019-07-15 (`buildPageXml`) of one page,
 * validated with libxml2 (xmllint-wasm) against the published schemas in tests/fixtures/xml-schemas, and read
 * back with XPath: a real page (the recorded tesseract.js output of the bordered scan b004 and the entries the
 * extractor pre-fills from it), Vietnamese text and XML's special characters in values, a blank page with nothing
 * on it, an entry continued over a page break, boxes outside the image. Then the book's zip (`runArchiveZip`),
 * read back with yauzl.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/domain/geometry';
import type { Entry, FieldValue } from '../../../src/domain/records/entry';
import type { OcrPageRecord } from '../../../src/domain/records/page';
import { buildAlto } from '../../../src/exchange/alto';
import type { ArchivePageInput } from '../../../src/exchange/archive-page';
import { archiveMemberNames, runArchiveZip, type ArchiveZipInput } from '../../../src/exchange/archive-zip';
import { buildPageXml } from '../../../src/exchange/page-xml';
import { ExportCancelledError } from '../../../src/exchange/run';
import { xmlChars } from '../../../src/exchange/xml';
import { extractPage } from '../../../src/extract';
import { entriesFromDrafts } from '../../../src/prefill/records';
import { unzip } from '../helpers/unzip';
import { validateArchive, xpathString } from '../helpers/xml-schemas';
import { book } from './fixtures';

type Ocr = NonNullable<ArchivePageInput['ocr']>;

const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/ocr/b004.ocr.json', import.meta.url), 'utf8'),
) as Pick<OcrPageRecord, 'width' | 'height' | 'engine' | 'model' | 'words'> & {
  lines: { box: Box; words: number[] }[];
};

/** The stored OCR of b004 as the app keeps it. */
const b004Ocr: Ocr = {
  engine: recorded.engine,
  model: recorded.model,
  words: recorded.words,
  lines: recorded.lines.map((l) => ({ box: l.box, words: l.words })),
  createdAt: Date.UTC(2026, 0, 5, 8, 30),
};

/** The entries the pre-fill makes of b004 (two KS entries, values with their boxes). */
function b004Entries(pageId = 'p0'): Entry[] {
  const lines = recorded.lines.map((l) => ({ box: l.box, words: l.words.map((i) => recorded.words[i]!) }));
  let n = 0;
  return entriesFromDrafts(
    'book-KS',
    pageId,
    'KS',
    extractPage(lines, 'KS').entries,
    () => `b004-e${++n}`,
    0,
  );
}

const PAGE = {
  id: 'p0',
  order: 0,
  width: recorded.width,
  height: recorded.height,
  fileName: 'Sổ KS 2018 <bản quét> & "gốc".pdf',
  pdfPage: 4,
  mark: 'normal' as const,
};

function pageInput(over: Partial<ArchivePageInput> = {}): ArchivePageInput {
  return {
    book: book('KS', 2018),
    page: PAGE,
    ocr: b004Ocr,
    entries: b004Entries(),
    created: new Date(Date.UTC(2026, 11, 3, 14, 0)),
    producer: 'sohoa 0.1.0',
    ...over,
  };
}

const keyed = (value: string, box: Box, pageId = 'p0', extra: Partial<FieldValue> = {}): FieldValue => ({
  value,
  flags: [],
  source: 'keyed',
  confirmed: true,
  region: { pageId, box },
  ...extra,
});

function handEntry(id: string, pageIds: string[], fields: Record<string, FieldValue>): Entry {
  return {
    id,
    bookId: 'book-KS',
    pageIds,
    order: 0,
    type: 'KS',
    state: 'accepted',
    fields,
    revision: 1,
    createdAt: 0,
    updatedAt: 0,
    schema: 1,
  };
}

/** Both files of a page, each checked against its schema (libxml2's messages shown when not). */
async function bothValid(input: ArchivePageInput): Promise<{ alto: string; page: string }> {
  const alto = buildAlto(input);
  const page = buildPageXml(input);
  const va = await validateArchive(alto, 'alto');
  expect(va.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(va.valid).toBe(true);
  const vp = await validateArchive(page, 'page');
  expect(vp.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(vp.valid).toBe(true);
  return { alto, page };
}

const el = (name: string): string => `*[local-name()='${name}']`;

describe('ALTO and PAGE XML of one page', () => {
  it('writes a real page (recorded OCR of b004, pre-filled entries) that both schemas accept', async () => {
    const input = pageInput();
    expect(input.entries).toHaveLength(2);
    const { alto, page } = await bothValid(input);
    const words = recorded.words.filter((w) => w.text.trim());

    // OCR layer: every word once, in the lines OCR made.
    expect(await xpathString(alto, `count(//${el('TextBlock')}[not(@TAGREFS)]//${el('String')})`)).toBe(
      String(words.length),
    );
    expect(await xpathString(page, `count(//${el('Word')})`)).toBe(String(words.length));
    expect(await xpathString(alto, `count(//${el('TextBlock')}[not(@TAGREFS)]//${el('TextLine')})`)).toBe(
      String(recorded.lines.length),
    );
    const first = recorded.words[0]!;
    expect(await xpathString(alto, `//${el('String')}[@ID='B1_L1_W1']/@CONTENT`)).toBe(first.text);
    expect(await xpathString(alto, `//${el('String')}[@ID='B1_L1_W1']/@HPOS`)).toBe(String(first.box[0]));
    expect(await xpathString(alto, `//${el('String')}[@ID='B1_L1_W1']/@WC`)).toBe(String(first.confidence));
    expect(
      await xpathString(page, `//${el('Word')}[@id='r1_l1_w3']/${el('TextEquiv')}/${el('Unicode')}`),
    ).toBe('HƯƠNG');
    const [x, y, w, h] = recorded.words[2]!.box;
    expect(await xpathString(page, `//${el('Word')}[@id='r1_l1_w3']/${el('Coords')}/@points`)).toBe(
      `${x},${y} ${x + w},${y} ${x + w},${y + h} ${x},${y + h}`,
    );

    // Field layer: each entry's values with their boxes, the field key tagged.
    const e1 = input.entries[0]!;
    const name = e1.fields['nksHoTen']!;
    expect(name.value).toMatch(/[^\x20-\x7e]/u); // a Vietnamese name, diacritics and all
    const tag = await xpathString(alto, `//${el('OtherTag')}[@LABEL='nksHoTen']/@ID`);
    expect(tag).toMatch(/^FIELD_\d+$/u);
    const altoName = `//${el('ComposedBlock')}[@ID='E1']/${el('TextBlock')}[@TAGREFS='${tag}']//${el('String')}`;
    expect(await xpathString(alto, `${altoName}/@CONTENT`)).toBe(name.value);
    expect(await xpathString(alto, `${altoName}/@HPOS`)).toBe(String(Math.round(name.region!.box[0])));
    expect(await xpathString(alto, `${altoName}/@WC`)).toBe(String(name.ocr!.confidence));
    expect(await xpathString(alto, `count(//${el('ComposedBlock')}[@TYPE='entry'])`)).toBe('2');
    const pageName = `//${el('TextRegion')}[@id='e1']/${el('TextRegion')}[${el('Labels')}/${el('Label')}[@type='key'][@value='nksHoTen']]`;
    expect(await xpathString(page, `${pageName}/${el('TextEquiv')}/${el('Unicode')}`)).toBe(name.value);
    expect(await xpathString(page, `${pageName}/${el('Labels')}/${el('Label')}[@type='label']/@value`)).toBe(
      'Họ, chữ đệm, tên',
    );
    const so = e1.fields['so']!.value;
    expect(
      await xpathString(
        page,
        `//${el('TextRegion')}[@id='e1']/${el('Labels')}/${el('Label')}[@type='so']/@value`,
      ),
    ).toBe(so);

    // The source file name is data: its markup characters come back as written.
    expect(await xpathString(page, `/${el('PcGts')}/${el('Page')}/@imageFilename`)).toBe(
      `${PAGE.fileName}#page=4`,
    );
    expect(await xpathString(alto, `//${el('sourceImageInformation')}/${el('fileName')}`)).toBe(
      `${PAGE.fileName}#page=4`,
    );
    expect(await xpathString(alto, `//${el('Processing')}[@ID='PROC_OCR']//${el('softwareName')}`)).toBe(
      'tesseract.js@7',
    );
    expect(await xpathString(page, `//${el('Metadata')}/${el('Comments')}`)).toBe(
      'Sổ KS số 01/2018 năm 2018, Xã An Nhơn, Huyện Đạ Tẻh, Lâm Đồng, trang 1',
    );
  }, 60_000);

  it("keeps Vietnamese text and XML's special characters as data, and drops what XML cannot hold", async () => {
    const nasty = 'Cha "Bùi" <Hữu> & mẹ \'Lê\' — ]]> đăng ký lại\n\tbản sao\r\u0001\uD800 ở Đắk Lắk';
    const decomposed = 'Nguyễn Thị Ánh'.normalize('NFD');
    const entry = handEntry('e-x', ['p0'], {
      so: keyed('12/A&B', [100, 100, 80, 30]),
      nksHoTen: keyed(decomposed, [200, 150, 300, 40], 'p0', { flags: ['illegible', 'damaged'] }),
      ghiChu: keyed(nasty, [100, 900, 1200, 60]),
      '</x>"odd key': keyed('giá trị lạ', [10, 10, 20, 20]),
    });
    const ocr: Ocr = {
      ...b004Ocr,
      words: [
        { text: 'A&B<c>"d"', confidence: 0.5, box: [10, 10, 100, 20], line: 0, block: 0 },
        { text: 'Phường', confidence: 0.9, box: [120, 10, 80, 20], line: 0, block: 0 },
      ],
      lines: [{ box: [10, 10, 190, 20], words: [0, 1] }],
    };
    const { alto, page } = await bothValid(pageInput({ ocr, entries: [entry] }));
    const expected = xmlChars(nasty);
    expect(expected).not.toContain('\u0001');
    expect(expected).not.toContain('\uD800');
    const tag = (key: string): Promise<string> =>
      xpathString(alto, `//${el('OtherTag')}[@LABEL='${key}']/@ID`);
    const altoValue = async (key: string): Promise<string> =>
      xpathString(alto, `//${el('TextBlock')}[@TAGREFS='${await tag(key)}']//${el('String')}/@CONTENT`);
    expect(await altoValue('ghiChu')).toBe(expected);
    expect(await altoValue('so')).toBe('12/A&B');
    expect(await altoValue('nksHoTen')).toBe('Nguyễn Thị Ánh'.normalize('NFC'));
    const pageValue = (key: string): Promise<string> =>
      xpathString(
        page,
        `//${el('TextRegion')}[${el('Labels')}/${el('Label')}[@type='key'][@value='${key}']]/${el('TextEquiv')}/${el('Unicode')}`,
      );
    expect(await pageValue('ghiChu')).toBe(expected);
    expect(await pageValue('nksHoTen')).toBe('Nguyễn Thị Ánh'.normalize('NFC'));
    expect(await xpathString(alto, `//${el('String')}[@ID='B1_L1_W1']/@CONTENT`)).toBe('A&B<c>"d"');
    expect(
      await xpathString(page, `//${el('TextLine')}[@id='r1_l1']/${el('TextEquiv')}/${el('Unicode')}`),
    ).toBe('A&B<c>"d" Phường');
    // Flags: tagged in ALTO, labelled in PAGE.
    const flagTags = await xpathString(
      alto,
      `//${el('TextBlock')}[@TAGREFS='${await tag('nksHoTen')}']//${el('String')}/@TAGREFS`,
    );
    expect(flagTags.split(' ')).toHaveLength(2);
    expect(await xpathString(alto, `//${el('OtherTag')}[@LABEL='illegible']/@DESCRIPTION`)).toBe(
      'Không đọc được',
    );
    expect(
      await xpathString(
        page,
        `//${el('TextRegion')}[${el('Labels')}/${el('Label')}[@type='key'][@value='nksHoTen']]/${el('Labels')}/${el('Label')}[@type='flags']/@value`,
      ),
    ).toBe('illegible damaged');
    // A field key read from disk that is not an XML name is a value, never markup.
    expect(await xpathString(alto, `//${el('OtherTag')}[@LABEL='</x>"odd key']/@TYPE`)).toBe('field');
  }, 60_000);

  it('is checked by a validator that refuses what the schemas forbid', async () => {
    const input = pageInput({ ocr: null });
    const alto = buildAlto(input).replace(/ PHYSICAL_IMG_NR="1"/u, '');
    expect((await validateArchive(alto, 'alto')).valid).toBe(false);
    const page = buildPageXml(input).replace(/<Coords points="[^"]*"/u, '<Coords points="1,2"');
    expect((await validateArchive(page, 'page')).valid).toBe(false);
    expect((await validateArchive(buildPageXml(input), 'alto')).valid).toBe(false);
  }, 60_000);

  it('writes an empty page (no OCR, no entries, marked blank) that both schemas accept', async () => {
    const input = pageInput({
      ocr: null,
      entries: [],
      page: { ...PAGE, order: 6, mark: 'blank', pdfPage: null },
    });
    const { alto, page } = await bothValid(input);
    expect(await xpathString(alto, `//${el('Page')}/@PAGECLASS`)).toBe('blank');
    expect(await xpathString(alto, `//${el('Page')}/@PHYSICAL_IMG_NR`)).toBe('7');
    expect(await xpathString(alto, `count(//${el('String')})`)).toBe('0');
    expect(await xpathString(alto, `count(//${el('Tags')})`)).toBe('0');
    expect(await xpathString(alto, `count(//${el('Processing')})`)).toBe('1');
    expect(await xpathString(page, `/${el('PcGts')}/${el('Page')}/@type`)).toBe('blank');
    expect(await xpathString(page, `count(//${el('TextRegion')})`)).toBe('0');
    expect(await xpathString(page, `/${el('PcGts')}/${el('Page')}/@imageWidth`)).toBe(String(PAGE.width));
  }, 60_000);

  it('puts each value on the page its box is on (an entry over a page break), and clamps boxes to the image', async () => {
    const entry = handEntry('e-c', ['p0', 'p1'], {
      so: keyed('7', [100, 2200, 50, 30]),
      nksHoTen: keyed('Trần Văn Tư', [100, 2280, 400, 80]), // runs past the bottom edge: clipped
      ghiChu: keyed('Ghi chú ở trang sau', [100, 200, 600, 40], 'p1'),
      nksNoiSinh: keyed('', [100, 300, 600, 40]), // empty: not written
      nksQueQuan: keyed('Ngoài ảnh', [5000, 5000, 10, 10]), // outside the image: not written
    });
    const first = await bothValid(pageInput({ ocr: null, entries: [entry] }));
    const second = await bothValid(
      pageInput({ ocr: null, entries: [entry], page: { ...PAGE, id: 'p1', order: 1 } }),
    );
    const labels = (xml: string): Promise<string> =>
      xpathString(xml, `count(//${el('ComposedBlock')}//${el('String')})`);
    expect(await labels(first.alto)).toBe('2');
    expect(await labels(second.alto)).toBe('1');
    expect(await xpathString(first.alto, `//${el('String')}[@CONTENT='Trần Văn Tư']/@HEIGHT`)).toBe(
      String(PAGE.height - 2280),
    );
    expect(
      await xpathString(
        second.page,
        `//${el('TextRegion')}[@id='e1']/${el('Labels')}/${el('Label')}[@type='continued']/@value`,
      ),
    ).toBe('true');
    expect(await xpathString(second.alto, `//${el('StructureTag')}/@DESCRIPTION`)).toContain(
      'tiếp từ trang trước',
    );
  }, 60_000);
});

describe('the book zip of ALTO and PAGE files', () => {
  const input = (): ArchiveZipInput => ({
    book: book('KS', 2018),
    pages: [
      { ...PAGE, id: 'p1', order: 1, mark: 'blank', pdfPage: 5 },
      { ...PAGE, id: 'p0', order: 0 },
    ],
    entries: b004Entries(),
  });
  const readOcr = (id: string): Promise<Ocr | null> => Promise.resolve(id === 'p0' ? b004Ocr : null);

  it('streams alto/ and page/ files per page in book order, deflated, hashes recorded', async () => {
    const chunks: Uint8Array[] = [];
    const progress: number[] = [];
    const now = new Date(Date.UTC(2026, 11, 3, 14, 0));
    const r = await runArchiveZip(input(), {
      readOcr,
      write: (c) => {
        chunks.push(c.slice());
        return Promise.resolve();
      },
      onProgress: (d) => progress.push(d),
      now,
      chunkBytes: 4096,
    });
    const bytes = new Uint8Array(Buffer.concat(chunks));
    expect(chunks.length).toBeGreaterThan(1);
    expect(r.zipName).toBe('XaAnNhon_HuyenDaTeh_LamDong.KS.2018.01-2018.alto-page.zip');
    expect(r.size).toBe(bytes.length);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress).toEqual([1, 2]);
    const members = await unzip(bytes);
    expect(members.map((m) => m.name)).toEqual([
      'alto/0001.xml',
      'page/0001.xml',
      'alto/0002.xml',
      'page/0002.xml',
    ]);
    expect(members.every((m) => m.method === 8)).toBe(true);
    for (const [i, m] of members.entries()) {
      expect(m.size).toBe(r.members[i]?.size);
      expect(createHash('sha256').update(m.bytes).digest('hex')).toBe(r.members[i]?.sha256);
    }
    const text = (i: number): string => new TextDecoder().decode(members[i]?.bytes);
    // The zip holds exactly what the builders write for each page.
    expect(text(0)).toBe(
      buildAlto({ ...pageInput(), created: now, producer: 'sohoa', entries: input().entries }),
    );
    expect((await validateArchive(text(0), 'alto')).valid).toBe(true);
    expect((await validateArchive(text(3), 'page')).valid).toBe(true);
    expect(await xpathString(text(2), `//${el('Page')}/@PAGECLASS`)).toBe('blank');
    // XML shrinks: the zip is far smaller than its members.
    expect(bytes.length).toBeLessThan(r.members.reduce((n, m) => n + m.size, 0) / 3);
  }, 60_000);

  it('numbers members with more digits for a book of more than 9999 pages', () => {
    expect(archiveMemberNames(0, 200)).toEqual({ alto: 'alto/0001.xml', page: 'page/0001.xml' });
    expect(archiveMemberNames(41, 12000)).toEqual({ alto: 'alto/00042.xml', page: 'page/00042.xml' });
  });

  it('stops when cancelled', async () => {
    let done = 0;
    await expect(
      runArchiveZip(input(), {
        readOcr,
        write: () => Promise.resolve(),
        onProgress: (d) => (done = d),
        isCancelled: () => done >= 1,
      }),
    ).rejects.toBeInstanceOf(ExportCancelledError);
    expect(done).toBe(1);
  });
});
