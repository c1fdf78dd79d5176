/**
 * The tus 1.0 requests a workstation makes, as plain HTTP (fetch), for tests that must choose which server
 * process gets each request, or hold a PATCH open half sent (a dropped link, a server killed mid-upload).
 */
import type { Receipt } from '../../server/uploads/intake';
import { RECEIPT_HEADER } from '../../server/uploads/tus';

const TUS = { 'Tus-Resumable': '1.0.0' };
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export interface UploadMeta {
  commune: string;
  bookId: string;
  filename: string;
}

/** POST: a new upload of `size` bytes; its absolute URL. */
export async function createUpload(
  origin: string,
  token: string,
  size: number,
  meta: UploadMeta,
): Promise<string> {
  const res = await fetch(`${origin}/api/uploads`, {
    method: 'POST',
    headers: {
      ...TUS,
      Authorization: `Bearer ${token}`,
      'Upload-Length': String(size),
      'Upload-Metadata': [
        `commune ${b64(meta.commune)}`,
        `bookId ${b64(meta.bookId)}`,
        `filename ${b64(meta.filename)}`,
      ].join(','),
    },
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return new URL(res.headers.get('location') ?? '', `${origin}/api/uploads/`).href;
}

/** `url` (an upload's) as served by another process. */
export const via = (origin: string, url: string): string => `${origin}${new URL(url).pathname}`;

export interface HeadResult {
  status: number;
  offset: number;
  /** The receipt a received upload answers in its header. */
  receipt: Receipt | null;
}

export async function headUpload(url: string, token: string): Promise<HeadResult> {
  const res = await fetch(url, { method: 'HEAD', headers: { ...TUS, Authorization: `Bearer ${token}` } });
  const header = res.headers.get(RECEIPT_HEADER);
  return {
    status: res.status,
    offset: Number(res.headers.get('upload-offset') ?? -1),
    receipt: header ? (JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Receipt) : null,
  };
}

export async function patchUpload(
  url: string,
  token: string,
  offset: number,
  bytes: Uint8Array,
): Promise<{ status: number; offset: number; body: string }> {
  const res = await fetch(url, {
    method: 'PATCH',
    headers: {
      ...TUS,
      Authorization: `Bearer ${token}`,
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
    },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  return {
    status: res.status,
    offset: Number(res.headers.get('upload-offset') ?? -1),
    body: await res.text(),
  };
}

/** A PATCH whose body the test feeds piece by piece (`push`), then ends or leaves hanging. */
export function streamingPatch(
  url: string,
  token: string,
  offset: number,
): {
  push(bytes: Uint8Array): void;
  end(): void;
  response: Promise<{ status: number; offset: number; body: string } | { error: unknown }>;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const response = fetch(url, {
    method: 'PATCH',
    headers: {
      ...TUS,
      Authorization: `Bearer ${token}`,
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
    },
    body,
    duplex: 'half',
  } as RequestInit).then(
    async (res) => ({
      status: res.status,
      offset: Number(res.headers.get('upload-offset') ?? -1),
      body: await res.text(),
    }),
    (error: unknown) => ({ error }),
  );
  return {
    push: (bytes) => {
      try {
        controller.enqueue(bytes);
      } catch {
        // the request already ended (the server went away)
      }
    },
    end: () => {
      try {
        controller.close();
      } catch {
        // already closed or errored
      }
    },
    response,
  };
}

export interface UploadStatus {
  id: string;
  status: 'receiving' | 'received' | 'refused';
  sha256: string | null;
  receipt: Receipt | null;
  refusal: string | null;
}

export async function uploadStatus(url: string, token: string): Promise<UploadStatus> {
  const res = await fetch(`${url}/receipt`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`receipt: ${res.status} ${await res.text()}`);
  return (await res.json()) as UploadStatus;
}
