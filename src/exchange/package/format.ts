/**
 * The work-package format (DESIGN.md §3.9): one zip per book. Pure types and constants shared by the writer
 * (write.ts), the reader (read.ts), the workstation and the province server.
 *
 * Members:
 * - `book.json` — the book record;
 * - `pages.jsonl` — one page record a line (book order);
 * - `pages/<pageId>/image`, `pages/<pageId>/thumb` — the working image every box refers to, and its thumbnail
 *   (MIME type in the manifest);
 * - `ocr.jsonl` — one OCR record a line (words, lines, drafts);
 * - `entries.jsonl` — one entry a line, each field value with its provenance (`changed`: machine, seq, who, when);
 * - `audit/chain-<n>.jsonl` — one audit chain (DESIGN.md §3.8) per file, events in seq order;
 * - `originals.jsonl` + `originals/<id>` — the operator's original files (optional);
 * - `manifest.json` — written last: the members' size and SHA-256, and what the package is.
 */
import type { AuditEvent } from '../../domain/records/audit';
import type { Book } from '../../domain/records/book';
import type { Entry } from '../../domain/records/entry';
import type { OcrPageRecord, Page } from '../../domain/records/page';

export const PACKAGE_FORMAT = 'sohoa-work-package';
/** The format version this code writes and the highest it reads. */
export const PACKAGE_FORMAT_VERSION = 1;
export const PACKAGE_MIME = 'application/zip';
export const MANIFEST_NAME = 'manifest.json';

/** Record schema versions written in a package (a newer record than these is refused). */
export interface RecordSchemas {
  book: number;
  page: number;
  entry: number;
  ocr: number;
  audit: number;
}

export interface ManifestMember {
  name: string;
  size: number;
  /** Lowercase hex SHA-256 of the member's bytes. */
  sha256: string;
  /** MIME type of an image or original file. */
  type?: string;
}

/** Head of one audit chain carried by the package. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: number;
  producer: string;
  createdAt: number;
  /** The machine that exported the package. */
  machineId: string;
  bookId: string;
  schemas: RecordSchemas;
  /**
   * The base the package was exported from: the head of every chain of the book it carries (machineId → head).
   * The importer takes a value changed on its own side only when the package's base had seen that change.
   */
  base: { chains: Record<string, ChainHead> };
  counts: { pages: number; entries: number; events: number; originals: number };
  /** Whether the operator's original files are included. */
  originals: boolean;
  members: ManifestMember[];
}

/** OCR of a page as stored (the OCR record plus its book and the entry drafts as extracted). */
export interface PackageOcr extends OcrPageRecord {
  bookId: string;
  drafts: unknown[];
}

export interface PackageImage {
  bytes: Uint8Array;
  mime: string;
}

/** An original file (its bytes apart: `PackageContent.originalBytes`). */
export interface PackageOriginal {
  id: string;
  bookId: string;
  fileName: string;
  mime: string;
  size: number;
  createdAt: number;
}

/** A package read and verified: normalised records (older versions migrated), images and originals as bytes. */
export interface PackageContent {
  manifest: Manifest;
  /** SHA-256 of `manifest.json` (it lists every member's hash: the package's identity). */
  id: string;
  book: Book;
  pages: Page[];
  images: Map<string, { image: PackageImage; thumb: PackageImage }>;
  ocr: PackageOcr[];
  entries: Entry[];
  events: AuditEvent[];
  originals: PackageOriginal[];
  originalBytes: Map<string, Uint8Array>;
}

/** Why a package is refused. */
export type PackageProblem =
  'truncated' | 'damaged' | 'foreign' | 'version' | 'missing' | 'hash' | 'extra' | 'inconsistent' | 'chain';

/** A refused package, with a Vietnamese message naming the problem. Nothing was changed. */
export class PackageError extends Error {
  constructor(
    readonly problem: PackageProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }
}

/** Ids used in member names: letters, digits, `-` and `_` only (our ids are UUIDs). */
export const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const imageName = (pageId: string): string => `pages/${pageId}/image`;
export const thumbName = (pageId: string): string => `pages/${pageId}/thumb`;
export const originalName = (id: string): string => `originals/${id}`;
export const chainName = (n: number): string => `audit/chain-${n}.jsonl`;
