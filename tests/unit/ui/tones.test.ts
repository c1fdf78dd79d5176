import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readToneColours, TONES, toneVar, withAlpha } from '../../../src/ui/tones';

const root = new URL('../../../src/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** The custom properties declared in app.css's :root block. */
function rootProperties(): Map<string, string> {
  const block = /:root\s*\{([^}]*)\}/.exec(read('app.css'))?.[1] ?? '';
  return new Map([...block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('field tone colours: one definition', () => {
  it('app.css defines every tone as a hex colour, read as the canvas reads it', () => {
    const props = rootProperties();
    const colours = readToneColours((p) => props.get(p) ?? '');
    expect(Object.keys(colours)).toEqual([...TONES]);
    expect(colours.low).toEqual({ stroke: '#dc2626', fill: 'rgba(220, 38, 38, 0.14)' });
    // Status colours are the tone colours, not a second palette.
    expect(props.get('--low')).toBe(`var(${toneVar('low')})`);
    expect(props.get('--medium')).toBe(`var(${toneVar('medium')})`);
    expect(props.get('--high')).toBe(`var(${toneVar('high')})`);
  });
  it('refuses a missing or non-hex tone colour', () => {
    expect(() => readToneColours(() => '')).toThrow(/--tone-high/);
    expect(() => readToneColours((p) => (p === '--tone-empty' ? 'grey' : '#000'))).toThrow(/--tone-empty/);
  });
  it('no component or canvas code writes its own tone colour', () => {
    const row = read('ui/screens/Entry/FieldRow.svelte');
    for (const tone of TONES)
      expect(row).toContain(`.tone-${tone} .dot {\n    background: var(${toneVar(tone)});`);
    expect(row).not.toMatch(/#[0-9a-f]{6}\b[^;]*;\s*\}\s*\.tone-/i);
    expect(read('ui/canvas/overlay.ts')).not.toMatch(/(high|medium|low|confirmed|flagged|empty): \{ stroke/);
  });
  it('converts hex colours to translucent fills', () => {
    expect(withAlpha('#1a4', 0.5)).toBe('rgba(17, 170, 68, 0.5)');
    expect(withAlpha(' #2563EB ', 0.14)).toBe('rgba(37, 99, 235, 0.14)');
    expect(withAlpha('rgb(1,2,3)', 0.1)).toBeNull();
  });
});
