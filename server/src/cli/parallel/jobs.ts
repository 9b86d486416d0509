// How many worker threads analyse the CLI's files: `--jobs N` (or
// NETPOL_JOBS) threads in all, the main thread one of them. By default none:
// on 2 cores a worker did not pay, even on a quiet machine (10k realistic
// pods, load 0.9-1.2: wall 4.7-5.8 s against 5.0-5.7 s serial, CPU 8.5-10.5 s
// against 6.1-7.1 s; at load 5-6.7 more wall time too): it warms its own
// parser up and its analyses cross by serialisation. `--jobs auto` takes
// one per core that other processes leave idle (the 1-minute load average),
// up to one per core besides the main thread. Below PARALLEL_MIN_CHARS of
// input none: starting a worker (~30 ms) costs more than it saves.
import * as os from 'os';
import { UsageError } from '../exitCodes';

export const PARALLEL_MIN_CHARS = 200 * 1024;

/** What `--jobs` / NETPOL_JOBS asks for: threads in all, 'auto' (by the idle cores), or undefined (the default, one thread). */
export type Jobs = number | 'auto';

export function parseJobs(value: string | undefined, source: string): Jobs | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.trim() === 'auto') return 'auto';
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${source} must be a whole number of threads, 1 or more (1: no worker thread), or auto, not ${JSON.stringify(value)}`);
  return Number(value);
}

export function workerCount(jobs: Jobs | undefined, totalChars: number): number {
  if (totalChars < PARALLEL_MIN_CHARS) return 0;
  const threads = jobs ?? parseJobs(process.env.NETPOL_JOBS, 'NETPOL_JOBS') ?? 1;
  if (threads === 'auto') return defaultWorkers(os.availableParallelism(), os.loadavg()[0]);
  return threads - 1;
}

/** Workers for the cores idle beside the main thread (loadavg is 0 where the system has none, e.g. Windows). */
export function defaultWorkers(cores: number, load: number): number {
  return Math.max(0, Math.min(cores - 1, Math.round(cores - 1 - load)));
}
