// Starting one of the server's bundled worker threads (dist/analysisWorker.js,
// dist/graphWorker.js), the same way for every pool: only when its file is
// there (an unbundled run has none), with a capped heap, unref'd (the
// server exits on `exit` from the client; a worker must not keep it alive),
// and with the reason it died when it exits.
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

/** The started worker, or undefined (logged) when its file is absent or it cannot start. */
export function startWorker<Reply>(spec: WorkerSpec<Reply>, log: Logger): Worker | undefined {
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
  worker.on('message', spec.onMessage);
  let failure: Error | undefined;
  worker.on('error', (e) => (failure = e));
  worker.on('exit', (code) => spec.onExit(worker, failure?.message ?? `the ${spec.name} worker exited with code ${code}`));
  return worker;
}
