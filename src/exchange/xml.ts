/**
 * Writing XML text by hand (the ALTO and PAGE builders): every piece of page text is data, so it goes through
 * `text()` or `attr()` — the five markup characters escaped, characters XML 1.0 cannot carry at all (C0 controls
 * other than tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates) dropped, and in attributes tab,
 * line feed and carriage return written as character references so a parser keeps them (attribute values are
 * otherwise normalised to spaces). Text is written NFC.
 */

/** Characters XML 1.0 does not allow anywhere (lone surrogates included). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: XML 1.0 forbids them.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** `s` without the characters XML 1.0 cannot hold, NFC. */
export function xmlChars(s: string): string {
  return s.replace(NOT_XML, '').normalize('NFC');
}

/** Element content. */
export function text(s: string): string {
  return xmlChars(s)
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/\r/gu, '&#13;');
}

/** An attribute value, for `name="…"`. */
export function attrValue(s: string): string {
  return text(s)
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&apos;')
    .replace(/\t/gu, '&#9;')
    .replace(/\n/gu, '&#10;')
    .replace(/\r/gu, '&#13;');
}

/** ` a="1" b="x"` from the pairs whose value is not undefined (numbers written as they are). */
export function attrs(pairs: Readonly<Record<string, string | number | undefined>>): string {
  let out = '';
  for (const [k, v] of Object.entries(pairs)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? String(v) : attrValue(v)}"`;
  }
  return out;
}

/** A collector of lines with indentation (two spaces a level). */
export class XmlWriter {
  private readonly out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  /** `<name a="…">` and one level deeper. */
  open(name: string, a: Readonly<Record<string, string | number | undefined>> = {}): void {
    this.line(`<${name}${attrs(a)}>`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.line(`</${name}>`);
  }

  /** `<name a="…"/>` */
  empty(name: string, a: Readonly<Record<string, string | number | undefined>> = {}): void {
    this.line(`<${name}${attrs(a)}/>`);
  }

  /** `<name a="…">content</name>` (content escaped). */
  leaf(name: string, content: string, a: Readonly<Record<string, string | number | undefined>> = {}): void {
    this.line(`<${name}${attrs(a)}>${text(content)}</${name}>`);
  }

  private line(s: string): void {
    this.out.push('  '.repeat(this.depth) + s);
  }

  toString(): string {
    return this.out.join('\n') + '\n';
  }
}
