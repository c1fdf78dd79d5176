// Copies the OCR engine (tesseract.js worker + core wasm) and the `vie` model from the pinned npm packages
// into public/models/ (git-ignored, served by Vite from our own origin) and checks/writes models/manifest.json.
// Also copies pdfjs-dist's wasm/, standard_fonts/ and cmaps/ folders into public/pdfjs/ (git-ignored) for
// pdf.js in the browser (see configurePdfAssets in src/pdf/browser.ts).
// Usage: node scripts/copy-models.mjs [--write-manifest]
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const out = join(root, 'public', 'models');
const manifestPath = join(root, 'models', 'manifest.json');

function pkgDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}
function version(name) {
  return JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8')).version;
}

/** Files the app serves: [package, path inside package, served name]. */
const files = [
  ['tesseract.js', 'dist/worker.min.js', 'worker.min.js'],
  // tesseract.js's getCore.js picks relaxedsimd (Chromium), else simd, else plain. The *.wasm.js builds embed
  // their wasm, so the separate .wasm files are never fetched and are not served.
  ['tesseract.js-core', 'tesseract-core-relaxedsimd-lstm.wasm.js', 'tesseract-core-relaxedsimd-lstm.wasm.js'],
  ['tesseract.js-core', 'tesseract-core-simd-lstm.wasm.js', 'tesseract-core-simd-lstm.wasm.js'],
  ['tesseract.js-core', 'tesseract-core-lstm.wasm.js', 'tesseract-core-lstm.wasm.js'],
  ['@tesseract.js-data/vie', '4.0.0_best_int/vie.traineddata.gz', 'vie.traineddata.gz'],
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const entries = [];
for (const [pkg, rel, name] of files) {
  const src = join(pkgDir(pkg), rel);
  if (!existsSync(src)) throw new Error(`missing ${pkg}/${rel}: run npm ci`);
  const bytes = readFileSync(src);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  copyFileSync(src, join(out, name));
  entries.push({ name, package: pkg, version: version(pkg), path: rel, sha256, size: statSync(src).size });
}
const manifest = { generatedBy: 'scripts/copy-models.mjs', files: entries };
if (process.argv.includes('--write-manifest') || !existsSync(manifestPath)) {
  mkdirSync(dirname(manifestPath), { recursive: true });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
} else {
  const pinned = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const e of entries) {
    const p = pinned.files.find((f) => f.name === e.name);
    if (!p || p.sha256 !== e.sha256) {
      throw new Error(
        `model file ${e.name} differs from models/manifest.json (run with --write-manifest after an upgrade)`,
      );
    }
  }
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.error(`models: ${entries.length} files in public/models`);

const pdfjsOut = join(root, 'public', 'pdfjs');
rmSync(pdfjsOut, { recursive: true, force: true });
for (const dir of ['wasm', 'standard_fonts', 'cmaps']) {
  const src = join(pkgDir('pdfjs-dist'), dir);
  if (!existsSync(src)) throw new Error(`missing pdfjs-dist/${dir}: run npm ci`);
  cpSync(src, join(pdfjsOut, dir), { recursive: true });
}
console.error(`pdfjs: wasm/, standard_fonts/, cmaps/ of pdfjs-dist ${version('pdfjs-dist')} in public/pdfjs`);
