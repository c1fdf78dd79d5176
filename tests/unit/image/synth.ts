import type { GrayImage } from '../../../src/image/types';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function blank(width: number, height: number, v = 255): GrayImage {
  return { width, height, data: new Uint8ClampedArray(width * height).fill(v) };
}

export function fillRect(img: GrayImage, x: number, y: number, w: number, h: number, v = 0): void {
  for (let yy = Math.max(0, y); yy < Math.min(img.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(img.width, x + w); xx++) img.data[yy * img.width + xx] = v;
  }
}

/**
 * Text-like page: lines of "words" made of letter bars (x-height body, some ascenders above,
 * fewer descenders below), like upright Latin/Vietnamese print.
 */
export function textPage(width: number, height: number, seed = 1, lineGap = 50, xh = 18): GrayImage {
  const img = blank(width, height);
  const r = rng(seed);
  for (let base = 120; base < height - 100; base += lineGap) {
    let x = 80 + Math.floor(r() * 40);
    while (x < width - 120) {
      const letters = 2 + Math.floor(r() * 7);
      for (let k = 0; k < letters; k++) {
        const w = 8 + Math.floor(r() * 6);
        fillRect(img, x, base - xh, w, xh);
        const u = r();
        if (u < 0.35)
          fillRect(img, x, base - xh - 10, 3, 10); // ascender / accent
        else if (u < 0.45) fillRect(img, x + w - 3, base, 3, 8); // descender
        x += w + 3;
      }
      x += 14 + Math.floor(r() * 10);
    }
  }
  return img;
}
