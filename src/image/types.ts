/** 8-bit single-channel image, row-major, `data.length === width * height`. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** 8-bit RGBA image (as ImageData), row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
