/**
 * The OCR engine with real tesseract.js workers: cancellation of queued and running jobs, a stuck worker
 * reported as crashed and replaced, and the engine still answering afterwards.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode-node';
import { toGray } from '../../src/image/gray';
import { OcrCancelledError, OcrWorkerCrashedError } from '../../src/ocr/errors';
import { nodeModelDir } from '../../src/ocr/node';
import { TesseractEngine } from '../../src/ocr/tesseract-engine';

const viet = toGray(
  decodeImage(new Uint8Array(readFileSync(new URL('../fixtures/integration/viet.png', import.meta.url)))),
);
const page = toGray(
  decodeImage(new Uint8Array(readFileSync(new URL('../fixtures/pages/p014.jpg', import.meta.url)))),
);

function engine(jobTimeoutMs?: number): TesseractEngine {
  return new TesseractEngine({
    langPath: nodeModelDir(),
    toImageLike: (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    workers: 1,
    ...(jobTimeoutMs ? { jobTimeoutMs } : {}),
  });
}

describe('TesseractEngine', () => {
  const e = engine();
  afterAll(() => e.terminate());

  it('reads Vietnamese with the vie model from disk', async () => {
    const r = await e.recognize(viet, { psm: 'auto' });
    expect(r.text).toContain('tiếng');
    expect(r.words.every((w) => w.confidence >= 0 && w.confidence <= 1)).toBe(true);
  }, 120_000);

  it('drops a queued job on abort and cancels a running one, then keeps working', async () => {
    const running = new AbortController();
    const queued = new AbortController();
    const p1 = e.recognize(page, { psm: 'single_block', signal: running.signal });
    const p2 = e.recognize(viet, { psm: 'auto', signal: queued.signal });
    expect(e.pending()).toBe(1);
    queued.abort();
    await expect(p2).rejects.toBeInstanceOf(OcrCancelledError);
    setTimeout(() => running.abort(), 200);
    await expect(p1).rejects.toBeInstanceOf(OcrCancelledError);
    const again = await e.recognize(viet, { psm: 'auto' });
    expect(again.text).toContain('tiếng');
  }, 180_000);

  it('runs higher-priority jobs first', async () => {
    const order: string[] = [];
    const a = e.recognize(viet, { psm: 'auto', priority: 0 }).then(() => order.push('first-submitted'));
    const b = e.recognize(viet, { psm: 'auto', priority: 0 }).then(() => order.push('low'));
    const c = e.recognize(viet, { psm: 'auto', priority: 5 }).then(() => order.push('high'));
    await Promise.all([a, b, c]);
    // The first job was already running; of the queued two, the high-priority one ran first.
    expect(order.indexOf('high')).toBeLessThan(order.indexOf('low'));
  }, 180_000);

  it('reports a worker that stops answering as crashed and replaces it', async () => {
    const slow = engine(5);
    try {
      await expect(slow.recognize(page, { psm: 'single_block' })).rejects.toBeInstanceOf(
        OcrWorkerCrashedError,
      );
    } finally {
      await slow.terminate();
    }
    const fine = engine();
    try {
      expect((await fine.recognize(viet, { psm: 'auto' })).text).toContain('tiếng');
    } finally {
      await fine.terminate();
    }
  }, 180_000);

  it('rejects calls after terminate', async () => {
    const t = engine();
    await t.terminate();
    await expect(t.recognize(viet, { psm: 'auto' })).rejects.toBeInstanceOf(OcrCancelledError);
  });
});
