// Timing and memory helpers for the benchmark: medians, forced GC, RSS.

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

export function memory(): { heap: number; rss: number } {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/** Process CPU time (all threads, garbage collector helpers included), in ms. */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall time and process CPU time: on a shared machine, CPU time is the steadier of the two. */
export function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const start = now();
  const cpuStart = cpuNow();
  const value = fn();
  return { ms: now() - start, cpuMs: cpuNow() - cpuStart, value };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
