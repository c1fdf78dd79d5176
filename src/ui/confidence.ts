/** Confidence (0..1) → colour band shown next to each pre-filled value. */
export type ConfidenceBand = 'high' | 'medium' | 'low';

export function confidenceBand(c: number): ConfidenceBand {
  if (c >= 0.85) return 'high';
  if (c >= 0.6) return 'medium';
  return 'low';
}

const BAND_LABEL: Record<ConfidenceBand, string> = {
  high: 'Độ tin cậy cao',
  medium: 'Độ tin cậy trung bình',
  low: 'Độ tin cậy thấp — cần kiểm tra',
};

export function confidenceLabel(c: number): string {
  return `${BAND_LABEL[confidenceBand(c)]} (${Math.round(c * 100)}%)`;
}
