// Catching quadratic code without wall-clock bounds: the hostile input is
// timed against a linear baseline of the same size in the same run, and the
// test bounds the ratio. A quadratic scan of these inputs is hundreds to
// thousands of times slower than its baseline; a linear one stays within a
// small factor whatever the machine's load.
import * as assert from 'assert';
import { performance } from 'perf_hooks';

/** Milliseconds per call: calls repeated until `minMs` elapsed, best of `rounds`. */
export function msPerCall(fn: () => unknown, rounds = 3, minMs = 20): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/** Asserts that `hostile` costs at most `maxRatio` times `baseline`; returns the ratio for reports. */
export function assertWithinRatio(what: string, hostile: () => unknown, baseline: () => unknown, maxRatio: number): number {
  // Warm both up first so the JIT does not count against either.
  hostile();
  baseline();
  const b = msPerCall(baseline);
  const h = msPerCall(hostile, 5, 1);
  const ratio = h / b;
  assert.ok(ratio <= maxRatio, `${what}: ${h.toFixed(2)} ms against a baseline of ${b.toFixed(2)} ms (ratio ${ratio.toFixed(1)}, bound ${maxRatio})`);
  if (process.env.NETPOL_RATIOS) console.log(`    ${what}: ratio ${ratio.toFixed(2)}`);
  return ratio;
}
