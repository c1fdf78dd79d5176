/**
 * A server process killed in the middle of a merge (merge-crash.test.ts runs it with `node --import tsx`): it opens
 * the store named by its argument (JSON: `{ databaseUrl?, dataDir, uploadId }`), reads the upload's package from
 * the blob store and merges it; when every row of the merge is written and only the commit is left, it prints
 * "MERGING" and spins until the test kills it with SIGKILL.
 */
import { join } from 'node:path';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { openStore } from '../../server/db/open';
import { mergePackage } from '../../server/merge/merge';
import { readPackage } from '../../src/exchange/package';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  databaseUrl?: string;
  dataDir: string;
  uploadId: string;
};
const store = await openStore({ databaseUrl: args.databaseUrl, dataDir: args.dataDir });
const blobs = new FsBlobStore(join(args.dataDir, 'blobs'));
const upload = await store.db
  .selectFrom('uploads')
  .selectAll()
  .where('id', '=', args.uploadId)
  .executeTakeFirstOrThrow();
const content = await readPackage((await blobs.get(upload.sha256 ?? '')) ?? new Uint8Array());
await mergePackage(store.db, blobs, {
  uploadId: args.uploadId,
  packageSha256: upload.sha256 ?? '',
  content,
  now: new Date(),
  receipt() {
    // Everything of the merge is written in its transaction (the merges row too); the commit has not run.
    process.stdout.write('MERGING\n');
    for (;;) {
      // spin: the test sends SIGKILL now
    }
  },
});
process.stdout.write('COMMITTED\n');
