/** Builds small, valid PDFs in memory for tests (correct xref offsets). */

export type PdfPageSpec =
  | { kind: 'vector'; width: number; height: number }
  /** A gray image of `px`×`py` pixels drawn over the whole page (raw, uncompressed). */
  | { kind: 'image'; width: number; height: number; px: number; py: number; gray?: number }
  /** A page whose full-page JPEG image is garbage, so it cannot be decoded. */
  | { kind: 'broken-image'; width: number; height: number };

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function makePdf(pages: readonly PdfPageSpec[]): Uint8Array {
  const objects: Uint8Array[][] = []; // index = object number - 1
  const add = (...parts: (string | Uint8Array)[]): number => {
    objects.push(parts.map((p) => (typeof p === 'string' ? latin1(p) : p)));
    return objects.length;
  };
  const stream = (dict: string, body: Uint8Array): (string | Uint8Array)[] => [
    `<< ${dict} /Length ${body.length} >>\nstream\n`,
    body,
    '\nendstream',
  ];

  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES'); // placeholder, replaced below
  const kids: number[] = [];
  for (const page of pages) {
    const box = `/MediaBox [0 0 ${page.width} ${page.height}]`;
    if (page.kind === 'vector') {
      const content = add(...stream('', latin1(`0 0 1 rg 10 10 ${page.width / 2} ${page.height / 2} re f`)));
      kids.push(add(`<< /Type /Page /Parent 2 0 R ${box} /Contents ${content} 0 R >>`));
    } else {
      let image: number;
      if (page.kind === 'image') {
        const pixels = new Uint8Array(page.px * page.py).fill(page.gray ?? 200);
        image = add(
          ...stream(
            `/Type /XObject /Subtype /Image /Width ${page.px} /Height ${page.py} /ColorSpace /DeviceGray /BitsPerComponent 8`,
            pixels,
          ),
        );
      } else {
        const garbage = new Uint8Array(4000).map((_, i) => (i * 37) & 0xff);
        image = add(
          ...stream(
            `/Type /XObject /Subtype /Image /Width 1000 /Height 1000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode`,
            garbage,
          ),
        );
      }
      const content = add(...stream('', latin1(`q ${page.width} 0 0 ${page.height} 0 0 cm /Im0 Do Q`)));
      kids.push(
        add(
          `<< /Type /Page /Parent 2 0 R ${box} /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`,
        ),
      );
    }
  }
  objects[1] = [
    latin1(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`),
  ];

  const chunks: Uint8Array[] = [latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((parts, i) => {
    offsets.push(offset);
    for (const part of [latin1(`${i + 1} 0 obj\n`), ...parts, latin1('\nendobj\n')]) {
      chunks.push(part);
      offset += part.length;
    }
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(latin1(xref));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
