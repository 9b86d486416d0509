// The default number of worker threads: one per core other processes leave idle, none on a busy machine.
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
    assert.throws(() => parseJobs('0', '--jobs'), /--jobs must be a whole number/);
  });
});
