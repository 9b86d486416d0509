// Where the server's time goes while it works, for the responsiveness tests
// (read through `netpol/internal/stats`): the slowest handler per request,
// how long worker jobs waited in the queue and ran, and the longest stretches
// the main thread was blocked (a request arriving then waits for all of it).
import { performance, PerformanceObserver } from 'perf_hooks';
import { mainThreadTimes } from './threadCpu';

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
  /** Of the stretch, the main thread's CPU time and its wait for a core (Linux). */
  cpuMs?: number;
  runQueueMs?: number;
  /** The longest phases of the stretch (ms each, from its `markPhase` to the next), longest first. */
  steps?: { phase: string; ms: number }[];
}

export const timingStats = {
  /** Slowest handler run (await included), per request name. */
  handlers: {} as Record<string, { count: number; maxMs: number }>,
  /** Worker jobs: the longest wait in the pool's queue, and the longest run in the worker; worker threads the pool took, and whether the first was started before the server loaded (serverEntry.ts). */
  pool: { jobs: 0, maxQueueWaitMs: 0, maxWorkerMs: 0, maxDecodeMs: 0, workers: 0, prestartedTaken: false },
  /** The longest blocked stretches of the main thread, longest first. */
  blocks: [] as Block[],
  /**
   * The stretches in which the main thread itself ran longest without the
   * detector's timer getting a turn, by its CPU time (Linux; a loaded machine
   * stretches the wall time of `blocks`, hardly this), longest first.
   */
  cpuBlocks: [] as Block[],
  /** The last indexing run, ms since the server started (`endedAtMs` 0 while it runs). */
  indexing: { startedAtMs: 0, endedAtMs: 0 },
  /** The longest waits of a request between its bytes arriving (stdio) and its handler starting, longest first. */
  waits: [] as Block[],
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
let watching = false;
/** While watching: the last phases named, with when (performance.now()), a ring. */
const TRAIL_MAX = 8192;
const trail: { phase: string; at: number }[] = [];
let trailNext = 0;
const STEPS_KEPT = 4;

/** Names the work the main thread is doing, so that a block can be traced. */
export function markPhase(name: string): void {
  phase = name;
  if (!watching) return;
  trail[trailNext] = { phase: name, at: performance.now() };
  trailNext = (trailNext + 1) % TRAIL_MAX;
}

/** The longest phases between `since` and `now`, each from its mark to the next (the last one to `now`). */
function longestSteps(since: number, now: number): { phase: string; ms: number }[] {
  const marks = [...trail.slice(trailNext), ...trail.slice(0, trailNext)];
  const first = marks.findIndex((t) => t.at >= since);
  const inside = first === -1 ? [] : marks.slice(first);
  const steps: { phase: string; ms: number }[] = [];
  let at = since;
  let current = first > 0 ? marks[first - 1].phase : first === -1 && marks.length > 0 ? marks[marks.length - 1].phase : phase;
  for (const t of inside) {
    steps.push({ phase: current, ms: t.at - at });
    current = t.phase;
    at = t.at;
  }
  steps.push({ phase: current, ms: now - at });
  return steps
    .sort((a, b) => b.ms - a.ms)
    .slice(0, STEPS_KEPT)
    .map((s) => ({ phase: s.phase, ms: Math.round(s.ms) }));
}

export function recordHandler(name: string, ms: number): void {
  const h = (timingStats.handlers[name] ??= { count: 0, maxMs: 0 });
  h.count++;
  h.maxMs = Math.max(h.maxMs, Math.round(ms));
}

/** When the bytes of a message not yet handled came in (stdio, while watching). */
let arrivedAt: number | undefined;

function recordWait(name: string, since: number, now: number): void {
  if (now - since < BLOCK_MIN_MS) return;
  keepLongest(timingStats.waits, { endedAtMs: Math.round(now), ms: Math.round(now - since), phase: name, steps: longestSteps(since, now) }, (b) => b.ms);
}

function keepLongest(list: Block[], block: Block, size: (b: Block) => number): void {
  list.push(block);
  list.sort((a, b) => size(b) - size(a));
  list.length = Math.min(list.length, BLOCKS_KEPT);
}

/** Starts the block detector: a timer that notices when it fires late. Unref'd: it never keeps the process alive. */
export function watchEventLoop(): void {
  if (watching) return;
  watching = true;
  let last = performance.now();
  let lastTimes = mainThreadTimes();
  const timer = setInterval(() => {
    const now = performance.now();
    const times = mainThreadTimes();
    const blocked = now - last - TICK_MS;
    const since = last;
    const before = lastTimes;
    last = now;
    lastTimes = times;
    const cpuMs = times && before ? times.cpuMs - before.cpuMs - TICK_MS : 0;
    if (blocked < BLOCK_MIN_MS && cpuMs < BLOCK_MIN_MS) return;
    const block: Block = { endedAtMs: Math.round(now), ms: Math.round(blocked), phase, steps: longestSteps(since, now) };
    if (times && before) {
      block.cpuMs = Math.round(cpuMs);
      block.runQueueMs = Math.round(times.waitMs - before.waitMs);
    }
    if (blocked >= BLOCK_MIN_MS) keepLongest(timingStats.blocks, block, (b) => b.ms);
    if (cpuMs >= BLOCK_MIN_MS) keepLongest(timingStats.cpuBlocks, block, (b) => b.cpuMs ?? 0);
  }, TICK_MS);
  timer.unref();
  // Over stdio: when a message's bytes came in, to tell how long it waited for its handler.
  if (process.argv.includes('--stdio')) {
    process.stdin.on('data', () => {
      arrivedAt ??= performance.now();
    });
  }
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
    if (arrivedAt !== undefined) recordWait(name, arrivedAt, started);
    arrivedAt = undefined;
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
