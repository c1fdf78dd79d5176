/** Pure image functions (browser workers and Node). Node-only decoding lives in ./decode-node. */
export type { GrayImage, RgbaImage } from './types';
export { channelsOf, clampBox, cloneGray, createGray, crop, grayToRgba, histogram, toGray } from './gray';
export { downscaleToFit, fitSize, resizeArea, resizeBilinear, scale } from './resize';
export { rotate } from './rotate';
export { applyOrientation, rotateQuarter, type ExifOrientation, type QuarterTurn } from './orient';
export { flattenBackground, type FlattenOptions } from './background';
export {
  binarizeGlobal,
  binarizeSauvola,
  inkCount,
  INK_THRESHOLD,
  otsuThreshold,
  type SauvolaOptions,
} from './binarize';
export { estimateSkew, estimateSkewDetailed, type SkewEstimate, type SkewOptions } from './skew';
export { detectOrientation, detectOrientationDetailed, type OrientationEstimate } from './orientation';
export { components, labelImage, paintComponents, type Components } from './components';
export { findLeaderDots, isBinary, removeLeaderDots, type LeaderDotOptions } from './dots';
export { removeRules, type RuleOptions } from './rules';
export { sniffImageType, type SniffedType } from './sniff';
export { readImageSize, type ImageHeader } from './size';
export { readExifOrientation, readTiffOrientation } from './exif';
export { jpegHasEnd } from './jpeg-end';
export { ImageDecodeError, imageErrorMessage, type ImageErrorCode } from './errors';
