/**
 * Every form of the app validates itself, in Vietnamese: none may leave it to the browser's English bubbles
 * ("Please fill out this field"), so each `<form>` carries `novalidate`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const UI = join(import.meta.dirname, '..', '..', '..', 'src', 'ui');

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? svelteFiles(join(dir, d.name)) : d.name.endsWith('.svelte') ? [join(dir, d.name)] : [],
  );
}

describe('forms', () => {
  it('every <form> has novalidate (messages come from the app, in Vietnamese)', () => {
    const forms = svelteFiles(UI).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/<form\b(?:=>|[^>])*>/g)].map((m) => ({ file, tag: m[0] })),
    );
    expect(forms.length).toBeGreaterThan(4);
    expect(forms.filter((f) => !/\bnovalidate\b/.test(f.tag)).map((f) => f.file)).toEqual([]);
  });
});
