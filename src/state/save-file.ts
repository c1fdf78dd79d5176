/**
 * Where an exported file goes: in Chromium the file the user picks (File System Access API,
 * `showSaveFilePicker`), elsewhere a download through an object URL. The target is chosen first, while the click
 * that asked for it still counts as a user gesture; the bytes are written once they are ready — in one go
 * (`pickSaveTarget`) or chunk by chunk as they are made (`pickSaveStream`, the zip of a book's PDFs).
 */

/** A chosen destination; `name` is the file name it will have (the user may change it in the picker). */
export interface FileTarget {
  name: string;
  write(bytes: Uint8Array): Promise<void>;
}

/** Asks where to save `suggestedName`; null when the user closed the picker. */
export type PickTarget = (suggestedName: string, mime: string) => Promise<FileTarget | null>;

/** A file written as a stream: chunks in order, then `close` (the file is complete) or `abort` (nothing kept). */
export interface StreamSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** A chosen destination for a streamed file; `open` starts writing it. */
export interface StreamTarget {
  name: string;
  open(): Promise<StreamSink>;
}

/** Asks where to save a streamed file `suggestedName`; null when the user closed the picker. */
export type PickStreamTarget = (suggestedName: string, mime: string) => Promise<StreamTarget | null>;

interface WritableLike {
  write(data: Blob | Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
interface SaveHandleLike {
  name: string;
  createWritable(): Promise<WritableLike>;
}
type SavePicker = (opts: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<SaveHandleLike>;

const blobOf = (bytes: Uint8Array, mime: string): Blob => new Blob([bytes.slice().buffer], { type: mime });

/** A download of `name` (object URL revoked once the browser has taken it). */
export function downloadTarget(name: string, mime: string): FileTarget {
  return {
    name,
    write(bytes) {
      const url = URL.createObjectURL(blobOf(bytes, mime));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.rel = 'noopener';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return Promise.resolve();
    },
  };
}

/** What the save picker calls a file of this type. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'application/zip': 'Tệp nén zip',
};

/**
 * The save picker's handle for `suggestedName`: a handle, null when the user closed the picker, or 'download'
 * when there is no picker (or no permission in this context, e.g. a sandboxed frame).
 */
async function pickHandle(suggestedName: string, mime: string): Promise<SaveHandleLike | null | 'download'> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (typeof picker !== 'function') return 'download';
  // ".pdf.zip" → ".zip": the picker wants one extension.
  const ext = suggestedName.slice(suggestedName.lastIndexOf('.'));
  try {
    return await picker({
      suggestedName,
      types: [{ description: DESCRIPTIONS[mime] ?? 'Tệp Excel', accept: { [mime]: [ext] } }],
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    return 'download';
  }
}

/**
 * A streamed download: chunks become Blob parts (the browser may keep them on disk), downloaded as one file on
 * `close`.
 */
export function downloadStreamTarget(name: string, mime: string): StreamTarget {
  return {
    name,
    open() {
      let parts: Blob[] = [];
      return Promise.resolve({
        write(chunk) {
          parts.push(new Blob([chunk.slice().buffer]));
          return Promise.resolve();
        },
        close() {
          const url = URL.createObjectURL(new Blob(parts, { type: mime }));
          parts = [];
          const a = document.createElement('a');
          a.href = url;
          a.download = name;
          a.rel = 'noopener';
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
          return Promise.resolve();
        },
        abort() {
          parts = [];
          return Promise.resolve();
        },
      });
    },
  };
}

/**
 * The browser's way for a streamed file: the file the user picks, written chunk by chunk through
 * `createWritable()` (Chromium writes to a temporary file and replaces the chosen one on `close`; `abort` leaves
 * it as it was), else a download.
 */
export const pickSaveStream: PickStreamTarget = async (suggestedName, mime) => {
  const handle = await pickHandle(suggestedName, mime);
  if (handle === null) return null;
  if (handle === 'download') return downloadStreamTarget(suggestedName, mime);
  return {
    name: handle.name,
    async open() {
      const w = await handle.createWritable();
      return {
        write: (chunk) => w.write(chunk),
        close: () => w.close(),
        abort: () => w.abort(),
      };
    },
  };
};

/** The browser's way: the save picker when there is one, else a download. */
export const pickSaveTarget: PickTarget = async (suggestedName, mime) => {
  const handle = await pickHandle(suggestedName, mime);
  if (handle === null) return null;
  if (handle === 'download') return downloadTarget(suggestedName, mime);
  return {
    name: handle.name,
    async write(bytes) {
      const w = await handle.createWritable();
      await w.write(blobOf(bytes, mime));
      await w.close();
    },
  };
};
