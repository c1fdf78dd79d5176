/**
 * What a pre-filled value's confidence means to the people who read it. The pre-fill's confidence is calibrated
 * (src/extract/calibrate.ts): it estimates the probability that the value is exactly right, and a value at or
 * above `HIGH_CONFIDENCE` is right at least 99 % of the time on the public sets;
 * that one threshold decides the form's high band (green), which values "next uncertain field" (F2) skips, the
 * book's uncertain counts, the batch CLI's summary and the predictions JSON's `high_confidence`.
 */
export const HIGH_CONFIDENCE = 0.95;

/** Below this a value is shown low (red); between it and `HIGH_CONFIDENCE`, medium. Colour only. */
export const MEDIUM_CONFIDENCE = 0.6;

export type ConfidenceBand = 'high' | 'medium' | 'low';

export function confidenceBand(c: number): ConfidenceBand {
  return c >= HIGH_CONFIDENCE ? 'high' : c >= MEDIUM_CONFIDENCE ? 'medium' : 'low';
}

/** Whether a value with this confidence is shown high (and skipped by F2 when nothing else flags it). */
export const isHighConfidence = (c: number): boolean => c >= HIGH_CONFIDENCE;
