/**
 * Symbol alternatives from Tesseract's hOCR (lstm_choice_mode 2), in the shape it writes them (taken from a
 * real run on a handwriting-like line), attached to the words of the blocks output.
 */
import { describe, expect, it } from 'vitest';
import { hocrChoices, toOcrResult, type TessPage } from '../../../src/ocr/tesseract-result';

const HOCR = `<div class='ocr_page' id='page_1'>
 <span class='ocr_line' id='line_1_1' title="bbox 15 0 1100 100">
    <span class='ocrx_word' id='word_1_4' title='bbox 281 44 335 77; x_wconf 96'>tên
     <span class='ocrx_cinfo' id='lstm_choices_1_4_1'>
      <span class='ocrx_cinfo' id='choice_1_4_1' title='x_confs 93.464828'> </span>
      <span class='ocrx_cinfo' id='choice_1_4_2' title='x_confs 0'>g</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_4_2'>
      <span class='ocrx_cinfo' id='choice_1_4_3' title='x_confs 97.123405'>t</span>
      <span class='ocrx_cinfo' id='choice_1_4_4' title='x_confs 0'>l</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_4_3'>
      <span class='ocrx_cinfo' id='choice_1_4_8' title='x_confs 95.855591'>ê</span>
      <span class='ocrx_cinfo' id='choice_1_4_9' title='x_confs 0'>ề</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_4_4'>
      <span class='ocrx_cinfo' id='choice_1_4_10' title='x_confs 97.119995'>n</span>
      <span class='ocrx_cinfo' id='choice_1_4_11' title='x_confs 0'>u</span></span>
    </span>
    <span class='ocrx_word' id='word_1_5' title='bbox 346 42 452 109; x_wconf 49'>Nhu&amp;
     <span class='ocrx_cinfo' id='lstm_choices_1_5_1'>
      <span class='ocrx_cinfo' id='choice_1_5_1' title='x_confs 92'>N</span>
      <span class='ocrx_cinfo' id='choice_1_5_2' title='x_confs 20'>M</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_5_2'>
      <span class='ocrx_cinfo' id='choice_1_5_3' title='x_confs 79'>h</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_5_3'>
      <span class='ocrx_cinfo' id='choice_1_5_4' title='x_confs 93'>u</span>
      <span class='ocrx_cinfo' id='choice_1_5_5' title='x_confs 39'>ư</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_5_4'>
      <span class='ocrx_cinfo' id='choice_1_5_6' title='x_confs 88'>&amp;</span></span>
    </span>
 </span>
</div>`;

describe('symbol choices from hOCR', () => {
  it('reads each symbol’s alternatives in order, without the gap before the word', () => {
    const words = hocrChoices(HOCR);
    expect(words).toHaveLength(2);
    expect(words[0]!.map((s) => s[0]!.text).join('')).toBe('tên');
    expect(words[0]![1]?.map((c) => c.text)).toEqual(['ê', 'ề']);
    expect(words[0]![1]?.[0]?.confidence).toBeCloseTo(0.9586, 4);
    expect(words[1]!.map((s) => s.map((c) => c.text).join('/'))).toEqual(['N/M', 'h', 'u/ư', '&']);
  });

  it('attaches them to the words they line up with, and to no other', () => {
    const bbox = { x0: 0, y0: 0, x1: 10, y1: 10 };
    const page: TessPage = {
      text: 'tên Nhu&',
      confidence: 70,
      hocr: HOCR,
      blocks: [
        {
          bbox,
          paragraphs: [
            {
              lines: [
                {
                  bbox,
                  text: 'tên Nhu&',
                  confidence: 70,
                  words: [
                    { text: 'tên', confidence: 96, bbox },
                    { text: 'Nhu', confidence: 49, bbox },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const r = toOcrResult(page, 1);
    expect(r.words[0]?.choices?.map((s) => s[0]?.text).join('')).toBe('tên');
    // Four symbol groups for a three-letter word: they do not line up, so none are kept.
    expect(r.words[1]?.choices).toBeUndefined();
    expect(toOcrResult({ ...page, hocr: null }, 1).words[0]?.choices).toBeUndefined();
  });
});
