// How many worker threads analyse the CLI's files: `--jobs N` (or
// NETPOL_JOBS) threads in all, the main thread one of them; by default
// (`auto`) one per core beside the main thread (at most AUTO_MAX_WORKERS),
// for inputs of AUTO_MIN_CHARS or more. Not by the load average: it lags a
// minute, so the steps of a CI job or a benchmark that just finished made
// the count flip from run to run; on a machine busy with other work, say
// `--jobs 1`. Measured on 2 cores, realistic manifests, once the bundles
// stopped reading yaml's debug switches per token: 2 MB, 1.65-1.80 s with a
// worker against 1.49-1.66 s without (its start and its own parser warm-up,
// ~0.9 s of CPU, cost more than it saves); 6.4 MB, median 4.0 s against
// 4.65 s; 64 MB, 25.6 s against 41.0 s. An explicit N starts workers from
// PARALLEL_MIN_CHARS.
import * as os from 'os';
import { UsageError } from '../exitCodes';

export const PARALLEL_MIN_CHARS = 200 * 1024;
/** Input below which `auto` (the default) keeps to one thread. */
export const AUTO_MIN_CHARS = 4 * 1024 * 1024;
/** `auto` workers at most: the main thread installs every file in order, and more workers wait on it. */
export const AUTO_MAX_WORKERS = 3;

/** What `--jobs` / NETPOL_JOBS asks for: threads in all, or 'auto' (by the cores). */
export type Jobs = number | 'auto';

export function parseJobs(value: string | undefined, source: string): Jobs | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.trim() === 'auto') return 'auto';
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${source} must be a whole number of threads, 1 or more (1: no worker thread), or auto, not ${JSON.stringify(value)}`);
  return Number(value);
}

export function workerCount(jobs: Jobs | undefined, totalChars: number): number {
  const threads = jobs ?? parseJobs(process.env.NETPOL_JOBS, 'NETPOL_JOBS') ?? 'auto';
  if (threads === 'auto') return totalChars < AUTO_MIN_CHARS ? 0 : defaultWorkers(os.availableParallelism());
  return totalChars < PARALLEL_MIN_CHARS ? 0 : threads - 1;
}

/** `auto`'s workers on a machine of `cores` cores. */
export function defaultWorkers(cores: number): number {
  return Math.max(0, Math.min(cores - 1, AUTO_MAX_WORKERS));
}
