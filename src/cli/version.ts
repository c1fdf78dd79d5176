import { readFileSync } from 'node:fs';

/** "sohoa <version>" from the repository's package.json. */
export function producer(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name?: string;
    version?: string;
  };
  return `${pkg.name ?? 'sohoa'} ${pkg.version ?? '0.0.0'}`;
}

/** Drop terminal control characters from text that may carry file names. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
