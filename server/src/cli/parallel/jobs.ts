// How many worker threads analyse the CLI's files: `--jobs N` (or
// NETPOL_JOBS) threads in all, the main thread one of them; by default one
// per core besides the main thread, at least one. Below PARALLEL_MIN_CHARS
// of input none: starting a worker (~30 ms, and its parser warming up) costs
// more than it saves.
import * as os from 'os';
import { UsageError } from '../exitCodes';

export const PARALLEL_MIN_CHARS = 200 * 1024;

/** `--jobs` / NETPOL_JOBS as a number of threads, or undefined for the default. */
export function parseJobs(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${source} must be a whole number of threads, 1 or more (1: no worker thread), not ${JSON.stringify(value)}`);
  return Number(value);
}

export function workerCount(jobs: number | undefined, totalChars: number): number {
  if (totalChars < PARALLEL_MIN_CHARS) return 0;
  const threads = jobs ?? parseJobs(process.env.NETPOL_JOBS, 'NETPOL_JOBS') ?? os.availableParallelism();
  return jobs === undefined && process.env.NETPOL_JOBS === undefined ? Math.max(1, threads - 1) : threads - 1;
}
