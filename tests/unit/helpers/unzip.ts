/** A zip read back with yauzl (an independent reader): each member's name, compression method, size and bytes. */
import yauzl from 'yauzl';

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  size: number;
  bytes: Uint8Array;
}

export function unzip(bytes: Uint8Array): Promise<ZipMember[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err) return reject(err);
      const out: ZipMember[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.push({
              name: e.fileName,
              method: e.compressionMethod,
              size: e.uncompressedSize,
              bytes: new Uint8Array(Buffer.concat(parts)),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
