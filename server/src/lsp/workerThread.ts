// Starting one of the server's bundled worker threads (dist/analysisWorker.js,
// dist/graphWorker.js), the same way for every pool: only when its file is
// there (an unbundled run has none), with a capped heap, unref'd (the
// server exits on `exit` from the client; a worker must not keep it alive),
// and with the reason it died when it exits. A worker may also be started
// before its pool exists (`prestartWorker`, server/src/serverEntry.ts) and
// handed to it later.
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import type { Logger } from './logger';

export interface WorkerSpec<Reply> {
  file: string;
  heapMb: number;
  /** For log lines: `analysis`, `graph layout`. */
  name: string;
  /** What happens instead when there is no worker: `large files are analysed on the main thread`. */
  fallback: string;
  onMessage: (reply: Reply) => void;
  /** It stopped; `reason` is its error or its exit code. */
  onExit: (worker: Worker, reason: string) => void;
}

/** A worker started before anything could listen to it, and how it ended if it did meanwhile. */
export interface PrestartedWorker {
  worker: Worker;
  file: string;
  ended: boolean;
}

/** Starts the worker in `file` now, silently: undefined when the file is absent or it cannot start (`startWorker` then says why). */
export function prestartWorker(file: string, heapMb: number): PrestartedWorker | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const worker = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    worker.unref();
    const early: PrestartedWorker = { worker, file, ended: false };
    worker.once('error', () => (early.ended = true));
    worker.once('exit', () => (early.ended = true));
    return early;
  } catch {
    return undefined;
  }
}

/**
 * The started worker, or undefined (logged) when its file is absent or it
 * cannot start. `prestarted`, if it runs the same file and has not ended,
 * is taken instead of starting another.
 */
export function startWorker<Reply>(spec: WorkerSpec<Reply>, log: Logger, prestarted?: PrestartedWorker): Worker | undefined {
  if (prestarted && !prestarted.ended && prestarted.file === spec.file) return listen(prestarted.worker, spec);
  prestarted?.worker.terminate().catch(() => undefined);
  if (!fs.existsSync(spec.file)) {
    log.info(`${spec.file} not found: ${spec.fallback}`);
    return undefined;
  }
  let worker: Worker;
  try {
    worker = new Worker(spec.file, { resourceLimits: { maxOldGenerationSizeMb: spec.heapMb } });
  } catch (e) {
    log.warn(`${spec.name} worker did not start (${(e as Error).message}): ${spec.fallback}`);
    return undefined;
  }
  worker.unref();
  return listen(worker, spec);
}

function listen<Reply>(worker: Worker, spec: WorkerSpec<Reply>): Worker {
  worker.on('message', spec.onMessage);
  let failure: Error | undefined;
  worker.on('error', (e) => (failure = e));
  worker.on('exit', (code) => spec.onExit(worker, failure?.message ?? `the ${spec.name} worker exited with code ${code}`));
  return worker;
}
