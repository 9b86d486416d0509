// How many worker threads analyse the CLI's files: `--jobs N` (or
// NETPOL_JOBS) threads in all, the main thread one of them. By default one
// per core that other processes leave idle (the 1-minute load average), up to
// one per core besides the main thread: a worker on a busy core only adds
// its own costs (warming its parser up, sending analyses across), measured
// on 2 cores at load 5-6.7 as 1.2 s (1k pods) to 2.5 s (10k pods) more CPU,
// and more wall time, than one thread. Below PARALLEL_MIN_CHARS of input none: starting a
// worker (~30 ms, and its parser warming up) costs more than it saves.
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
  const threads = jobs ?? parseJobs(process.env.NETPOL_JOBS, 'NETPOL_JOBS');
  if (threads !== undefined) return threads - 1;
  return defaultWorkers(os.availableParallelism(), os.loadavg()[0]);
}

/** Workers for the cores idle beside the main thread (loadavg is 0 where the system has none, e.g. Windows). */
export function defaultWorkers(cores: number, load: number): number {
  return Math.max(0, Math.min(cores - 1, Math.round(cores - 1 - load)));
}
