// Worker threads: by default (`auto`) one per core beside the main thread for a large input, none for a small one.
import * as assert from 'assert';
import { AUTO_MAX_WORKERS, AUTO_MIN_CHARS, defaultWorkers, parseJobs, workerCount, PARALLEL_MIN_CHARS } from '../../server/src/cli/parallel/jobs';

function withJobsEnv(value: string | undefined, body: () => void): void {
  const saved = process.env.NETPOL_JOBS;
  if (value === undefined) delete process.env.NETPOL_JOBS;
  else process.env.NETPOL_JOBS = value;
  try {
    body();
  } finally {
    if (saved === undefined) delete process.env.NETPOL_JOBS;
    else process.env.NETPOL_JOBS = saved;
  }
}

describe('CLI worker threads', () => {
  it('auto: one per core beside the main thread, at most AUTO_MAX_WORKERS', () => {
    assert.deepStrictEqual([1, 2, 3, 4, 16].map(defaultWorkers), [0, 1, 2, AUTO_MAX_WORKERS, AUTO_MAX_WORKERS]);
  });

  it('none for a small input; --jobs N gives N - 1 whatever the load', () => {
    assert.strictEqual(workerCount(4, PARALLEL_MIN_CHARS - 1), 0);
    assert.strictEqual(workerCount(4, PARALLEL_MIN_CHARS), 3);
    assert.strictEqual(workerCount(1, 10 * PARALLEL_MIN_CHARS), 0);
    assert.strictEqual(parseJobs(' 3', 'x'), 3);
    assert.strictEqual(parseJobs('auto', 'x'), 'auto');
    assert.throws(() => parseJobs('0', '--jobs'), /--jobs must be a whole number/);
  });

  it('by default as auto: none below AUTO_MIN_CHARS, by the cores above; NETPOL_JOBS and --jobs decide otherwise', () => {
    withJobsEnv(undefined, () => {
      assert.strictEqual(workerCount(undefined, AUTO_MIN_CHARS - 1), 0);
      assert.strictEqual(workerCount(undefined, AUTO_MIN_CHARS), workerCount('auto', AUTO_MIN_CHARS));
      assert.strictEqual(workerCount('auto', AUTO_MIN_CHARS - 1), 0);
    });
    withJobsEnv('3', () => {
      assert.strictEqual(workerCount(undefined, PARALLEL_MIN_CHARS), 2);
      assert.strictEqual(workerCount(1, AUTO_MIN_CHARS), 0);
    });
    withJobsEnv('1', () => assert.strictEqual(workerCount(undefined, 100 * AUTO_MIN_CHARS), 0));
  });
});
