// Worker threads: none by default; `auto` takes one per core other processes leave idle, none on a busy machine.
import * as assert from 'assert';
import { defaultWorkers, parseJobs, workerCount, PARALLEL_MIN_CHARS } from '../../server/src/cli/parallel/jobs';

describe('CLI worker threads', () => {
  it('one per idle core beside the main thread', () => {
    assert.deepStrictEqual([defaultWorkers(2, 0), defaultWorkers(2, 0.4), defaultWorkers(2, 0.6), defaultWorkers(2, 6)], [1, 1, 0, 0]);
    assert.deepStrictEqual([defaultWorkers(8, 0), defaultWorkers(8, 2), defaultWorkers(1, 0)], [7, 5, 0]);
  });

  it('none for a small input; --jobs N gives N - 1 whatever the load', () => {
    assert.strictEqual(workerCount(4, PARALLEL_MIN_CHARS - 1), 0);
    assert.strictEqual(workerCount(4, PARALLEL_MIN_CHARS), 3);
    assert.strictEqual(workerCount(1, 10 * PARALLEL_MIN_CHARS), 0);
    assert.strictEqual(parseJobs(' 3', 'x'), 3);
    assert.strictEqual(parseJobs('auto', 'x'), 'auto');
    assert.throws(() => parseJobs('0', '--jobs'), /--jobs must be a whole number/);
  });

  it('none by default, even on an idle machine: on 2 cores a worker did not pay', () => {
    const saved = process.env.NETPOL_JOBS;
    delete process.env.NETPOL_JOBS;
    try {
      assert.strictEqual(workerCount(undefined, 100 * PARALLEL_MIN_CHARS), 0);
      process.env.NETPOL_JOBS = '3';
      assert.strictEqual(workerCount(undefined, 100 * PARALLEL_MIN_CHARS), 2);
    } finally {
      if (saved === undefined) delete process.env.NETPOL_JOBS;
      else process.env.NETPOL_JOBS = saved;
    }
  });
});
