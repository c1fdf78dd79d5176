// Renders public/favicon.svg into the PNG icons of the web app manifest (public/icons/, committed):
// icon-192.png, icon-512.png (the icon as drawn), maskable-512.png (full-bleed background, the drawing inside
// the 80 % safe zone) and apple-touch-icon.png (180 px). Run after changing favicon.svg:
//   node scripts/make-icons.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'public', 'favicon.svg'));
const background = /<rect[^>]*fill="(#[0-9a-f]{6})"/i.exec(svg.toString('utf8'))?.[1] ?? '#1d4ed8';
const out = join(root, 'public', 'icons');
mkdirSync(out, { recursive: true });

async function render(name, size, { maskable = false } = {}) {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const inner = maskable ? Math.round(size * 0.8) : size;
  if (maskable) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, size, size);
  }
  // Rasterise the SVG at the target size (not scaled up from 32 px).
  const sized = svg.toString('utf8').replace('<svg ', `<svg width="${inner}" height="${inner}" `);
  const image = await loadImage(Buffer.from(sized));
  const at = (size - inner) / 2;
  ctx.drawImage(image, at, at, inner, inner);
  writeFileSync(join(out, name), canvas.toBuffer('image/png'));
}

await render('icon-192.png', 192);
await render('icon-512.png', 512);
await render('maskable-512.png', 512, { maskable: true });
await render('apple-touch-icon.png', 180, { maskable: true });
console.error('icons: 4 PNG files in public/icons');
