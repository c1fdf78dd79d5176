/**
 * Schema validation and XPath reads of the archival exports with xmllint-wasm (libxml2 compiled to WebAssembly, an
 * independent reader): ALTO 4.4 against `tests/fixtures/xml-schemas/alto-4-4.xsd` (its xlink import pointed at the
 * local copy in memory), PAGE XML against `pagecontent-2019-07-15.xsd`. Node only (tests).
 */
import { readFileSync } from 'node:fs';
import { validateXML, type XMLValidationResult } from 'xmllint-wasm';

const dir = new URL('../../fixtures/xml-schemas/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

const XLINK_URL = 'http://www.loc.gov/standards/xlink/xlink.xsd';
let schemas: { alto: string; page: string; xlink: string } | null = null;
function load(): { alto: string; page: string; xlink: string } {
  schemas ??= {
    alto: read('alto-4-4.xsd').replace(`schemaLocation="${XLINK_URL}"`, 'schemaLocation="xlink.xsd"'),
    page: read('pagecontent-2019-07-15.xsd'),
    xlink: read('xlink.xsd'),
  };
  return schemas;
}

/** libxml2's verdict on `xml` against the ALTO 4.4 or PAGE 2019-07-15 schema. */
export async function validateArchive(xml: string, kind: 'alto' | 'page'): Promise<XMLValidationResult> {
  const s = load();
  return validateXML({
    xml: [{ fileName: `${kind}.xml`, contents: xml }],
    schema: [{ fileName: `${kind}.xsd`, contents: kind === 'alto' ? s.alto : s.page }],
    preload: kind === 'alto' ? [{ fileName: 'xlink.xsd', contents: s.xlink }] : [],
  });
}

/** The string value of an XPath 1.0 expression over `xml`, as libxml2 parses it (`--xpath`). */
export async function xpathString(xml: string, expr: string): Promise<string> {
  const r = await validateXML({
    xml: [{ fileName: 'doc.xml', contents: xml }],
    normalization: 'format',
    modifyArguments: (args) => [...args.filter((a) => a !== '--format'), '--xpath', `string(${expr})`],
  });
  // xmllint ends its output with a newline of its own.
  return r.normalized.replace(/\n$/u, '');
}
