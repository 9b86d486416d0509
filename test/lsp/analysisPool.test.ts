// The analysis pool with the real worker (dist/analysisWorker.js): an open
// document's analysis (urgent) goes ahead of the indexing jobs queued, so a
// request waits for at most the job running, and the worker starts only when
// a large text comes; while the main thread is cold, indexing sends short
// texts to the worker too (each would block it for 30-120 ms), and once it is
// warm, as long as the worker holds little, so that both threads index.
import * as assert from 'assert';
import * as path from 'path';
import { AnalysisPool, COLD_INLINE_MAX_CHARS, SHARED_BACKLOG_CHARS, WARM_CHARS } from '../../server/src/lsp/analysisPool';
import { analysisStats } from '../../server/src/lsp/analysisStats';
import type { Logger } from '../../server/src/lsp/logger';
import { REPO_ROOT } from './harness';
import * as hostile from './hostileInputs';

const WORKER = path.join(REPO_ROOT, 'dist', 'analysisWorker.js');
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('analysis pool', function () {
  this.timeout(120000);
  let pool: AnalysisPool;

  beforeEach(() => (pool = new AnalysisPool(silent, WORKER, 1024)));
  afterEach(() => pool.dispose());

  it('answers an urgent analysis before the indexing jobs queued ahead of it', async () => {
    const finished: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => finished.push(name));
    const big = hostile.manyDocuments(300 * 1024);
    const indexing = [1, 2, 3, 4].map((i) => track(`indexing ${i}`, pool.analyze(`${big}# ${i}\n`, {})));
    const urgent = pool.analyze(hostile.manyDocuments(8 * 1024), {}, undefined, undefined, true);
    const open = track('open document', urgent);
    await Promise.all([...indexing, open]);
    const result = await urgent;
    assert.strictEqual(result.kind, 'analysis');
    assert.ok(result.kind === 'analysis' && result.analysis.objects.length > 10, 'the urgent text was analysed');
    // The first indexing job was running already (its result may be taken in after the urgent one's); the urgent one runs next.
    assert.deepStrictEqual(finished.filter((n) => n !== 'indexing 1'), ['open document', 'indexing 2', 'indexing 3', 'indexing 4']);
  });

  it('starts no worker for small texts, and one for the first large text', async () => {
    const small = await pool.analyze('kind: Pod\nmetadata: {name: p}\n', {});
    assert.strictEqual(small.kind, 'analysis');
    assert.strictEqual((pool as unknown as { worker?: unknown }).worker, undefined);
    const large = await pool.analyze(hostile.manyDocuments(4 * 1024), {});
    assert.strictEqual(large.kind, 'analysis');
    assert.ok((pool as unknown as { worker?: unknown }).worker !== undefined);
  });

  it('prestart: the worker starts with no text, warms itself up, then answers', async () => {
    pool.prestart();
    assert.ok((pool as unknown as { worker?: unknown }).worker !== undefined, 'started at once');
    const before = analysisStats.worker;
    const result = await pool.analyze(hostile.manyDocuments(4 * 1024), {}, undefined, undefined, false, true);
    assert.strictEqual(analysisStats.worker, before + 1, 'analysed in the worker');
    assert.ok(result.kind === 'analysis' && result.analysis.objects.length > 10);
  });

  it('sends background texts to the worker while the main thread is cold, unless very short, and once it is warm while the worker holds little', async () => {
    const warm = new AnalysisPool(silent, WORKER);
    try {
      const text = hostile.manyDocuments(4 * 1024);
      const tiny = hostile.validPolicy('tiny');
      assert.ok(tiny.length < COLD_INLINE_MAX_CHARS && text.length >= COLD_INLINE_MAX_CHARS && text.length < warm.minChars);
      // Cold: indexing's texts go to the worker; an open document's (someone waits) stays inline, and so does a tiny one.
      assert.strictEqual(warm.wantsWorker(text, {}, true), true);
      assert.strictEqual(warm.wantsWorker(text, {}), false);
      assert.strictEqual(warm.wantsWorker(tiny, {}, true), false);
      const before = analysisStats.worker;
      const result = await warm.analyze(text, {}, undefined, undefined, false, true);
      assert.strictEqual(analysisStats.worker, before + 1, 'analysed in the worker');
      assert.ok(result.kind === 'analysis' && result.analysis.objects.length === text.split('kind: NetworkPolicy').length - 1);
      // Texts analysed inline warm it; then indexing's short texts go to the worker while it holds less than SHARED_BACKLOG_CHARS.
      for (let chars = 0; chars < WARM_CHARS; chars += text.length) await warm.analyze(text, {});
      assert.strictEqual(warm.isCold, false);
      assert.strictEqual(warm.wantsWorker(text, {}, true), true, 'an idle worker shares the indexing');
      assert.strictEqual(warm.wantsWorker(text, {}), false, 'an open document stays inline');
      assert.strictEqual(warm.wantsWorker(tiny, {}, true), false);
      const large = hostile.manyDocuments(SHARED_BACKLOG_CHARS + 1024);
      const busy = warm.analyze(large, {}, undefined, undefined, false, true);
      assert.strictEqual(warm.wantsWorker(text, {}, true), false, 'a worker holding enough: the main thread parses it');
      assert.strictEqual(warm.wantsWorker(large, {}, true), true, 'a large text still goes to the worker');
      assert.strictEqual((await busy).kind, 'analysis');
      assert.strictEqual(warm.wantsWorker(text, {}, true), true, 'shared again once the worker is done');
      // A main thread that parses nothing inline stops being cold after COLD_WORKER_CHARS; the worker's backlog bounds what it takes from then on.
      const other = new AnalysisPool(silent, WORKER);
      try {
        while (other.isCold) await other.analyze(text, {}, undefined, undefined, false, true);
        const pending: Promise<unknown>[] = [];
        while (other.wantsWorker(text, {}, true)) pending.push(other.analyze(text, {}, undefined, undefined, false, true));
        assert.ok(pending.length >= SHARED_BACKLOG_CHARS / text.length - 1 && pending.length <= SHARED_BACKLOG_CHARS / text.length + 1, `${pending.length} texts of ${text.length} chars sent`);
        await Promise.all(pending);
        assert.strictEqual(other.wantsWorker(text, {}, true), true);
      } finally {
        other.dispose();
      }
    } finally {
      warm.dispose();
    }
  });
});
