/**
 * Where an exported file goes: in Chromium the file the user picks (File System Access API,
 * `showSaveFilePicker`), elsewhere a download through an object URL. The target is chosen first, while the click
 * that asked for it still counts as a user gesture; the bytes are written once they are ready.
 */

/** A chosen destination; `name` is the file name it will have (the user may change it in the picker). */
export interface FileTarget {
  name: string;
  write(bytes: Uint8Array): Promise<void>;
}

/** Asks where to save `suggestedName`; null when the user closed the picker. */
export type PickTarget = (suggestedName: string, mime: string) => Promise<FileTarget | null>;

interface WritableLike {
  write(data: Blob): Promise<void>;
  close(): Promise<void>;
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

/** The browser's way: the save picker when there is one, else a download. */
export const pickSaveTarget: PickTarget = async (suggestedName, mime) => {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (typeof picker !== 'function') return downloadTarget(suggestedName, mime);
  const ext = suggestedName.slice(suggestedName.lastIndexOf('.'));
  let handle: SaveHandleLike;
  try {
    handle = await picker({
      suggestedName,
      types: [{ description: 'Tệp Excel', accept: { [mime]: [ext] } }],
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    // No permission or no picker in this context (e.g. a sandboxed frame): fall back to a download.
    return downloadTarget(suggestedName, mime);
  }
  return {
    name: handle.name,
    async write(bytes) {
      const w = await handle.createWritable();
      await w.write(blobOf(bytes, mime));
      await w.close();
    },
  };
};
