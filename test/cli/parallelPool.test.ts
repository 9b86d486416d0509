// The CLI's analysis pool installs every file once, in load order, whatever
// the workers do: a worker that exits, one whose heap runs out, a file that
// fails in a worker. Those files are analysed on the main thread instead.
// The marks are on file 5: the pool hands files 1-6 to the first worker
// before the main thread analyses anything.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyseInOrder, LoadJob } from '../../server/src/cli/parallel/pool';
import { WorkspaceIndex } from '../../server/src/core/index';

const REAL_WORKER = path.resolve(__dirname, '../../server/src/cli/checkWorker.js');

/** A worker that misbehaves on marked texts, and is the real one otherwise. */
function fakeWorker(dir: string): string {
  const file = path.join(dir, 'fakeWorker.js');
  fs.writeFileSync(
    file,
    `const { parentPort } = require('worker_threads');
parentPort.on('message', (r) => {
  if (r.jobs.some((j) => j.text.includes('# exit-the-worker'))) process.exit(3);
  if (r.jobs.some((j) => j.text.includes('# exhaust-the-heap'))) { const a = []; for (;;) a.push({ a: [1, 2, 3], s: 'x'.repeat(64) + a.length }); }
});
require(${JSON.stringify(REAL_WORKER)});
`,
  );
  return file;
}

function jobs(marks: Record<number, string>): LoadJob[] {
  return Array.from({ length: 40 }, (_, i) => ({
    uri: `ns${i % 3}/f${i}.yaml`,
    text: `${marks[i] ?? ''}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w${i}\n  namespace: ns${i % 3}\nspec:\n  template:\n    metadata:\n      labels:\n        app: a${i}\n    spec:\n      containers:\n      - name: c\n        ports:\n        - containerPort: ${8000 + i}\n          name: http\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: ns${i % 3}\nspec:\n  podSelector:\n    matchLabels:\n      app: a${i}\n  ingress:\n  - ports:\n    - port: http\n      protocol: TCPP\n`,
    options: { path: `ns${i % 3}/f${i}.yaml` },
  }));
}

/** What the index holds, as comparable data: objects (without trees) and findings per file, in order. */
function snapshot(index: WorkspaceIndex): string {
  return JSON.stringify(index.uris().map((uri) => {
    const a = index.getFile(uri)!.analysis;
    return { uri, objects: a.objects.map((o) => JSON.stringify(o, (k, v) => (k === 'node' ? undefined : v))), findings: a.findings };
  }));
}

describe('CLI analysis pool', function () {
  this.timeout(60000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-pool-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = async (list: LoadJob[], workers: number, heapMb?: number) => {
    const index = new WorkspaceIndex();
    const order: string[] = [];
    const stats = await analyseInOrder(
      list,
      {
        analyseHere: (job) => (order.push(job.uri), index.setFile(job.uri, job.text, job.options)),
        installAnalysed: (job, analysis) => (order.push(job.uri), index.setFileAnalysed(job.uri, job.text, job.options, analysis)),
      },
      { workers, workerFile: fakeWorker(dir), batchChars: 1500, workerHeapMb: heapMb },
    );
    assert.deepStrictEqual(order, list.map((j) => j.uri), 'every file once, in load order');
    return { index, stats };
  };

  it('with healthy workers: the serial index', async () => {
    const list = jobs({});
    const serial = await load(list, 0);
    const parallel = await load(list, 2);
    assert.ok(parallel.stats.byWorkers > 0, JSON.stringify(parallel.stats));
    assert.strictEqual(snapshot(parallel.index), snapshot(serial.index));
  });

  it('a worker that exits: its files are analysed here', async () => {
    const list = jobs({ 5: '# exit-the-worker' });
    const serial = await load(list, 0);
    const parallel = await load(list, 1);
    assert.strictEqual(parallel.stats.workersLost, 1, JSON.stringify(parallel.stats));
    assert.ok(parallel.stats.retried > 0);
    assert.strictEqual(snapshot(parallel.index), snapshot(serial.index));
  });

  it('a worker out of memory: its files are analysed here', async () => {
    const list = jobs({ 5: '# exhaust-the-heap' });
    const serial = await load(list, 0);
    const parallel = await load(list, 2, 32);
    assert.ok(parallel.stats.workersLost >= 1, JSON.stringify(parallel.stats));
    assert.strictEqual(snapshot(parallel.index), snapshot(serial.index));
  });
});
