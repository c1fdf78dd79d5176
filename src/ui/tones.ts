/**
 * Field tones (OCR confidence and field state) and their colours. The colours are defined once, as the CSS
 * custom properties `--tone-<tone>` in src/app.css; the form reads them with var(), the page canvas (fabric
 * draws on a <canvas>, outside CSS) reads the same properties from the computed style.
 */
export const TONES = ['high', 'medium', 'low', 'confirmed', 'flagged', 'empty'] as const;
export type Tone = (typeof TONES)[number];

/** Name of the CSS custom property holding a tone's colour. */
export const toneVar = (tone: Tone): string => `--tone-${tone}`;

/** Opacity of a box's fill over the page image (its outline is the colour itself). */
export const TONE_FILL_ALPHA = 0.14;

export interface ToneColour {
  stroke: string;
  fill: string;
}

/** "#16a34a" or "#1a4" with an alpha → "rgba(22, 163, 74, 0.14)"; null for anything else. */
export function withAlpha(colour: string, alpha: number): string | null {
  const hex = colour.trim();
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex)?.[1];
  if (!m) return null;
  const full = m.length === 3 ? [...m].map((c) => c + c).join('') : m;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * Stroke and fill of every tone from the CSS custom properties (`read` is e.g. a computed style's
 * getPropertyValue). Throws when one is missing or not a hex colour: a box drawn in no colour would hide it.
 */
export function readToneColours(read: (property: string) => string): Record<Tone, ToneColour> {
  const out = {} as Record<Tone, ToneColour>;
  for (const tone of TONES) {
    const stroke = read(toneVar(tone)).trim();
    const fill = withAlpha(stroke, TONE_FILL_ALPHA);
    if (!fill) throw new Error(`CSS ${toneVar(tone)} is "${stroke}", not a #rrggbb colour`);
    out[tone] = { stroke, fill };
  }
  return out;
}
