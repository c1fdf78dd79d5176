/**
 * What produced an OCR reading, as stored with it (DESIGN.md §3.4/3.5: engine + model id): the engine with
 * its version and the exact model, taken from models/manifest.json — the pinned package files the app serves
 * and that scripts/copy-models.mjs checks against node_modules (the CLI reads the same packages on disk).
 */
import manifest from '../../models/manifest.json';

export interface OcrProvenance {
  /** e.g. "tesseract.js 7.0.0 (core 7.0.0)" */
  engine: string;
  /** e.g. "vie 4.0.0_best_int (@tesseract.js-data/vie 1.0.0, sha256 2284f610f262)" */
  model: string;
}

interface ManifestFile {
  name: string;
  package: string;
  version: string;
  path: string;
  sha256: string;
}

export interface ModelManifest {
  files: readonly ManifestFile[];
}

function fileOf(m: ModelManifest, test: (f: ManifestFile) => boolean, what: string): ManifestFile {
  const f = m.files.find(test);
  if (!f) throw new Error(`models/manifest.json lists no ${what}`);
  return f;
}

/** Engine and model ids of a manifest; throws when it lacks the engine, core or traineddata entry. */
export function provenanceOf(m: ModelManifest, lang = 'vie'): OcrProvenance {
  const js = fileOf(m, (f) => f.package === 'tesseract.js', 'tesseract.js file');
  const core = fileOf(m, (f) => f.package === 'tesseract.js-core', 'tesseract.js-core file');
  const data = fileOf(m, (f) => f.name === `${lang}.traineddata.gz`, `${lang}.traineddata.gz`);
  // The traineddata's folder names the model variant ("4.0.0_best_int").
  const variant = data.path.split('/').slice(-2, -1)[0] ?? '';
  return {
    engine: `tesseract.js ${js.version} (core ${core.version})`,
    model: `${lang} ${variant} (${data.package} ${data.version}, sha256 ${data.sha256.slice(0, 12)})`.replace(
      /\s+/g,
      ' ',
    ),
  };
}

/** The manifest entry of the `lang` traineddata this build ships (its package and path inside it). */
export function shippedModelFile(lang = 'vie'): { package: string; path: string } {
  const f = fileOf(manifest, (x) => x.name === `${lang}.traineddata.gz`, `${lang}.traineddata.gz`);
  return { package: f.package, path: f.path };
}

/** The engine and the `lang` model this build ships. */
export function shippedProvenance(lang = 'vie'): OcrProvenance {
  return provenanceOf(manifest, lang);
}
