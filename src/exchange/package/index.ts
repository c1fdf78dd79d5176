/** Work packages (DESIGN.md §3.9): format, streamed writer, verifying reader. See ../README.md. */
export * from './format';
export { OCR_SCHEMA, packageBytes, writePackage, type PackageSource, type PackageWritten } from './write';
export { peekPackage, readPackage } from './read';
export { sha256Hex } from './hash';
export { bytesSource, type ZipSource } from '../zip';
