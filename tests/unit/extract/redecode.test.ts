/**
 * Reading a word again from the recognizer's own symbol alternatives (recorded shapes: per symbol, best first).
 */
import { describe, expect, it } from 'vitest';
import { redecodeWord, wordAlternatives, type ChoiceWord } from '../../../src/extract/redecode';

/** "N92|M20" → [{N, .92}, {M, .20}] per symbol; symbols separated by spaces. */
function word(spec: string, confidence = 0.5): ChoiceWord {
  const choices = spec.split(' ').map((sym) =>
    sym.split('|').map((c) => {
      const m = /^(\D+|\d)(\d+)$/u.exec(c)!;
      return { text: m[1]!, confidence: Number(m[2]) / 100 };
    }),
  );
  return { text: choices.map((s) => s[0]!.text).join(''), confidence, box: [0, 0, 10, 10], choices };
}

describe('redecodeWord', () => {
  it('takes a close alternative that makes a syllable of a word that is none', () => {
    const w = redecodeWord(word('M90|N60 h80 i95'));
    expect(w.text).toBe('Nhi');
    expect(w.redecoded).toBe('Mhi');
    expect(w.confidence).toBeLessThan(0.5);
  });

  it('leaves a word that is a syllable, or whose alternatives are far less likely', () => {
    expect(redecodeWord(word('N92|M20 h79 u93|ư39')).text).toBe('Nhu');
    expect(redecodeWord(word('M95|N5 h80 i95')).text).toBe('Mhi');
  });

  it('repairs an impossible date with the digits the recognizer also saw', () => {
    const w = redecodeWord(word('590|345 180 /99 099 590 /99 290 090 290 090'));
    expect(w.text).toBe('31/05/2020');
    // A possible date is never changed, even with close alternatives.
    expect(redecodeWord(word('190|345 180 /99 099 590 /99 290 090 290 090')).text).toBe('11/05/2020');
  });

  it('keeps the punctuation around the word as first read', () => {
    expect(redecodeWord(word('M90|N60 h80 i95 ,90|.80')).text).toBe('Nhi,');
  });

  it('does nothing without choices', () => {
    const w: ChoiceWord = { text: 'Mhi', confidence: 0.4, box: [0, 0, 1, 1] };
    expect(redecodeWord(w)).toBe(w);
  });

  it('lists the likely other readings of a weak word for the keying suggestions, none for a sure one', () => {
    expect(wordAlternatives(word('M89|V10 ụ92|u66|ỹ53', 0.6))).toEqual(['Mu', 'Mỹ']);
    expect(wordAlternatives(word('M89|V10 ụ92|u66|ỹ53', 0.95))).toEqual([]);
    expect(wordAlternatives({ text: 'Mụ', confidence: 0.3, box: [0, 0, 1, 1] })).toEqual([]);
  });
});
