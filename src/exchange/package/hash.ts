/**
 * SHA-256 of package members: the platform's WebCrypto (`crypto.subtle`, native: a 200-page package's ~150 MB in a
 * fraction of a second) when there is one — browsers in a secure context, Node 20 — else @noble/hashes (an app
 * opened over plain http from another host has no `crypto.subtle`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** The part of WebCrypto used here (typed structurally: the province server compiles without the DOM library). */
interface Digest {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: Digest } }).crypto?.subtle;
  if (!subtle) return bytesToHex(sha256(bytes));
  return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}
