import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accuracyByLayout,
  confidenceFigures,
  loadTruth,
  scoreValues,
} from '../../../src/cli/confidence-score';

function truthSet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sohoa-conf-'));
  mkdirSync(join(dir, 'truth'));
  const page = (id: string, fields: Record<string, string>) =>
    writeFileSync(
      join(dir, 'truth', `${id}.json`),
      JSON.stringify({
        schema: 'vn-civreg-truth/2',
        page_id: id,
        file: `images/${id}.jpg`,
        pdf_page: null,
        style: 'printed',
        entries: [
          {
            type: 'KT',
            fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: v }])),
          },
        ],
      }),
    );
  page('p001', { so: '53', nktHoTen: 'Phạm Thị Hiền', ghiChu: '' });
  page('p002', { so: '54', nktHoTen: 'Lê Văn Tuấn', ghiChu: '' });
  return dir;
}

describe('confidence figures of the bench', () => {
  it('counts values shown high, their accuracy and the wrong values F2 reaches', () => {
    const truth = loadTruth(truthSet());
    const scored = scoreValues(truth, {
      producer: 'test',
      high_confidence: 0.9,
      pages: [
        {
          file: 'p001.jpg',
          entries: [
            {
              type: 'KT',
              fields: { so: '53', nktHoTen: 'Phạm Thị Hiên', ghiChu: '' },
              confidence: { so: 0.99, nktHoTen: 0.95, ghiChu: 0.99 },
              boxes: {},
            },
          ],
        },
        {
          file: 'p002.jpg',
          entries: [
            {
              type: 'KT',
              fields: { so: '54', nktHoTen: 'Lê Văn Tua', ghiChu: '' },
              confidence: { so: 0.97, nktHoTen: 0.5, ghiChu: 0.3 },
              boxes: {},
            },
          ],
        },
      ],
    });
    expect(scored).toHaveLength(6);
    const c = confidenceFigures(scored, 0.9);
    // High: both numbers and the wrong "Hiên" (empty values are never high).
    expect(c.shownHigh).toBeCloseTo(3 / 6);
    expect(c.highAccuracy).toBeCloseTo(2 / 3);
    // Two wrong values; F2 reaches "Tua" (medium) but not "Hiên" (green).
    expect(c.wrong).toBe(2);
    expect(c.f2Reach).toBeCloseTo(1 / 2);
  });

  it('adds up accuracy per style and layout from the judge’s pages', () => {
    const byLayout = accuracyByLayout(
      { p001: { fields: 10, field_accuracy: 0.9 }, p002: { fields: 30, field_accuracy: 1 } },
      {
        pages: [
          { page_id: 'p001', style: 'printed', variant: 'grid' },
          { page_id: 'p002', style: 'printed', variant: 'grid' },
        ],
      },
    );
    expect(byLayout['printed/grid']).toEqual({ fields: 40, accuracy: 39 / 40 });
  });
});
