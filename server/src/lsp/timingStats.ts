// Where the server's time goes while it works, for the responsiveness tests
// (read through `netpol/internal/stats`): the slowest handler per request,
// how long worker jobs waited in the queue and ran, and the longest stretches
// the main thread was blocked (a request arriving then waits for all of it).
import { performance, PerformanceObserver } from 'perf_hooks';

/** A main-thread stretch at least this long is recorded. */
const BLOCK_MIN_MS = 50;
const BLOCKS_KEPT = 20;
const TICK_MS = 10;

export interface Block {
  /** ms since the server started, when the stretch ended. */
  endedAtMs: number;
  ms: number;
  /** What the server last said it was doing (`markPhase`). */
  phase: string;
}

export const timingStats = {
  /** Slowest handler run (await included), per request name. */
  handlers: {} as Record<string, { count: number; maxMs: number }>,
  /** Worker jobs: the longest wait in the pool's queue, and the longest run in the worker. */
  pool: { jobs: 0, maxQueueWaitMs: 0, maxWorkerMs: 0, maxDecodeMs: 0 },
  /** The longest blocked stretches of the main thread, longest first. */
  blocks: [] as Block[],
  /** Garbage collections: how many, and the longest pauses (ms, by kind). */
  gc: { count: 0, totalMs: 0, longest: [] as { ms: number; kind: number; endedAtMs: number }[] },
  /**
   * The workspace diagnostics passes: how many ended, whether one is running
   * or scheduled, the longest stretch between yields (wall, CPU of the
   * process); `publishing`: files of ended passes still to be pushed (and 1
   * while that runs).
   */
  diagnostics: { passes: 0, pending: false, longestSliceMs: 0, longestSliceCpuMs: 0, publishing: 0 },
};

let phase = 'start';

/** Names the work the main thread is doing, so that a block can be traced. */
export function markPhase(name: string): void {
  phase = name;
}

export function recordHandler(name: string, ms: number): void {
  const h = (timingStats.handlers[name] ??= { count: 0, maxMs: 0 });
  h.count++;
  h.maxMs = Math.max(h.maxMs, Math.round(ms));
}

let watching = false;

/** Starts the block detector: a timer that notices when it fires late. Unref'd: it never keeps the process alive. */
export function watchEventLoop(): void {
  if (watching) return;
  watching = true;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const blocked = now - last - TICK_MS;
    last = now;
    if (blocked < BLOCK_MIN_MS) return;
    timingStats.blocks.push({ endedAtMs: Math.round(now), ms: Math.round(blocked), phase });
    timingStats.blocks.sort((a, b) => b.ms - a.ms);
    timingStats.blocks.length = Math.min(timingStats.blocks.length, BLOCKS_KEPT);
  }, TICK_MS);
  timer.unref();
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      timingStats.gc.count++;
      timingStats.gc.totalMs += e.duration;
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      timingStats.gc.longest.push({ ms: Math.round(e.duration), kind, endedAtMs: Math.round(e.startTime + e.duration) });
      timingStats.gc.longest.sort((a, b) => b.ms - a.ms);
      timingStats.gc.longest.length = Math.min(timingStats.gc.longest.length, BLOCKS_KEPT);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
}

/** The handler, its run times recorded under `name`. */
export function timed<A extends unknown[], R>(name: string, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const started = performance.now();
    markPhase(name);
    try {
      return await handler(...args);
    } finally {
      recordHandler(name, performance.now() - started);
      // What runs next and names nothing is not this handler.
      markPhase(`after ${name}`);
    }
  };
}
