/**
 * The life of one Comlink-wrapped module worker, shared by the main-thread clients (import, prefill): start
 * it with crash detection, race each call against a crash, stop it politely then for good. A crash rejects
 * every pending call with the client's own error; the client decides what "crashed" means for its state.
 */
import * as Comlink from 'comlink';

export interface LiveWorker<Api> {
  worker: Worker;
  remote: Comlink.Remote<Api>;
  /** Rejectors of the calls in flight, so a crash can fail them. */
  pending: Set<(e: Error) => void>;
}

/** Fails every call in flight with `error`. */
export function failPending<Api>(live: LiveWorker<Api>, error: Error): void {
  for (const reject of live.pending) reject(error);
  live.pending.clear();
}

/**
 * Wraps `worker`; an uncaught worker error or an undecodable message calls `onCrash(detail)` once the
 * listeners fire (the client checks it is still its live worker, terminates it and fails the pending calls).
 */
export function startWorker<Api>(worker: Worker, onCrash: (detail: string) => void): LiveWorker<Api> {
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    onCrash(ev.message || 'worker error');
  });
  worker.addEventListener('messageerror', () => onCrash('messageerror'));
  return { worker, remote: Comlink.wrap<Api>(worker), pending: new Set() };
}

/**
 * Runs one call: `signal` aborting calls `onAbort` (the worker's cancel), and a crash while it runs rejects
 * it with the crash error instead of leaving it pending forever.
 */
export async function raceCrash<Api, T>(
  live: LiveWorker<Api>,
  signal: AbortSignal | undefined,
  onAbort: () => void,
  run: () => Promise<T>,
): Promise<T> {
  signal?.addEventListener('abort', onAbort, { once: true });
  let rejectCrash: (e: Error) => void = () => undefined;
  const crashed = new Promise<never>((_, reject) => {
    rejectCrash = reject;
  });
  live.pending.add(rejectCrash);
  try {
    return await Promise.race([run(), crashed]);
  } finally {
    live.pending.delete(rejectCrash);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Asks the worker to shut down (at most 2 s), then terminates it; calls still pending then fail with
 * `pendingError` when one is given.
 */
export async function stopWorker<Api extends { shutdown: () => unknown }>(
  live: LiveWorker<Api>,
  pendingError?: Error,
): Promise<void> {
  try {
    await Promise.race([live.remote.shutdown(), new Promise((r) => setTimeout(r, 2000))]);
  } catch {
    // the worker is going away anyway
  } finally {
    if (pendingError) failPending(live, pendingError);
    live.remote[Comlink.releaseProxy]();
    live.worker.terminate();
  }
}
