import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../../models/manifest.json';
import { nodeModelDir } from '../../../src/ocr/node';
import { provenanceOf, shippedProvenance } from '../../../src/ocr/provenance';
import { TesseractEngine } from '../../../src/ocr/tesseract-engine';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

describe('OCR provenance', () => {
  it('names the installed engine and the pinned model', () => {
    const p = shippedProvenance();
    expect(p.engine).toBe(
      `tesseract.js ${versionOf('tesseract.js')} (core ${versionOf('tesseract.js-core')})`,
    );
    const data = manifest.files.find((f) => f.name === 'vie.traineddata.gz');
    expect(p.model).toBe(
      `vie 4.0.0_best_int (@tesseract.js-data/vie ${versionOf('@tesseract.js-data/vie')}, sha256 ${data?.sha256.slice(0, 12)})`,
    );
  });
  it('is what the engine reports (and so what a pre-fill result carries)', async () => {
    const engine = new TesseractEngine({ langPath: '/nowhere', toImageLike: (b) => b, workers: 1 });
    expect({ engine: engine.engine, model: engine.model }).toEqual(shippedProvenance());
    await engine.terminate();
  });
  it('the Node engine loads the model the provenance names', () => {
    const dir = nodeModelDir();
    expect(dir.endsWith(join('@tesseract.js-data', 'vie', '4.0.0_best_int'))).toBe(true);
    expect(existsSync(join(dir, 'vie.traineddata.gz'))).toBe(true);
    expect(shippedProvenance().model).toMatch(/^vie 4\.0\.0_best_int /);
  });
  it('refuses a manifest without the engine or the model', () => {
    const files = manifest.files;
    expect(() => provenanceOf({ files: files.filter((f) => f.package !== 'tesseract.js') })).toThrow(
      /tesseract\.js file/,
    );
    expect(() => provenanceOf({ files }, 'eng')).toThrow(/eng\.traineddata\.gz/);
  });
});
