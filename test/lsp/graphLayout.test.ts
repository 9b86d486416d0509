// The connectivity view's layout + SVG run on the server's graph worker
// (dist/graphWorker.js): the same picture as on the main thread, and the
// server answers other requests while a big picture is laid out. The
// in-thread run is the real fallback: a copy of the bundled server with no
// worker file next to it. The pool itself falls back when its worker dies or
// fails.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { GraphResult } from '../../server/src/features/connectivityProtocol';
import { layoutSvg, viewModel } from '../../server/src/core/graph/viewDrawing';
import { computeMatrix } from '../../server/src/core/policy/engine';
import { GraphLayoutPool } from '../../server/src/lsp/graphLayoutPool';
import type { Logger } from '../../server/src/lsp/logger';
import { workspaceYaml } from '../bench/graphBench';
import { inputFromYaml } from '../unit/engine/helpers';
import { LspTestClient, REPO_ROOT } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const WORKER = path.join(REPO_ROOT, 'dist', 'graphWorker.js');
const VIEW_CAPABILITY = { experimental: { netpolConnectivityView: true } };

describe('graph layout pool', function () {
  this.timeout(60000);
  const warnings: string[] = [];
  const log: Logger = { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
  const model = viewModel(computeMatrix(inputFromYaml(workspaceYaml(60))), {}).model;
  const expected = layoutSvg(model).svg;
  let dir: string;
  let pool: GraphLayoutPool | undefined;

  beforeEach(() => {
    warnings.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-graph-pool-'));
  });
  afterEach(() => {
    pool?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('draws on the worker thread the same SVG as the main thread', async () => {
    pool = new GraphLayoutPool(log, WORKER);
    const [a, b] = await Promise.all([pool.draw(model), pool.draw(model)]);
    assert.strictEqual(a.where, 'worker');
    assert.strictEqual(b.where, 'worker');
    assert.strictEqual(a.svg, expected);
    assert.strictEqual(b.svg, expected);
  });

  it('draws on the main thread when the worker dies or answers an error, and logs why', async () => {
    const dies = path.join(dir, 'dies.js');
    fs.writeFileSync(dies, "require('worker_threads').parentPort.on('message', () => process.exit(3));\n");
    pool = new GraphLayoutPool(log, dies);
    const r = await pool.draw(model);
    assert.deepStrictEqual([r.where, r.svg === expected], ['main', true]);
    assert.match(warnings.join('\n'), /exited with code 3/);
    pool.dispose();
    const fails = path.join(dir, 'fails.js');
    fs.writeFileSync(fails, "const { parentPort } = require('worker_threads');\nparentPort.on('message', (m) => parentPort.postMessage({ id: m.id, error: 'out of luck' }));\n");
    pool = new GraphLayoutPool(log, fails);
    const f = await pool.draw(model);
    assert.deepStrictEqual([f.where, f.svg === expected], ['main', true]);
    assert.match(warnings.join('\n'), /out of luck/);
  });

  it('draws on the main thread without a worker file', async () => {
    pool = new GraphLayoutPool(log, path.join(dir, 'missing.js'));
    const r = await pool.draw(model);
    assert.deepStrictEqual([r.where, r.svg === expected], ['main', true]);
  });
});

// 12 namespaces of 25 workloads (the bench's shape), ten of them expanded:
// 225 workloads drawn one by one and about 2,200 arrows (with the ipBlock
// nodes), near the biggest picture the view draws (core/graph/viewDrawing.ts's bounds), seconds of layout on this machine.
// (A 3,000-workload workspace is drawn collapsed: about 120 nodes, a layout
// of a tenth of a second; its time goes to the matrix, not the layout.)
describe('LSP connectivity view: layout on the graph worker', function () {
  this.timeout(240000);
  const BIG = { expand: Array.from({ length: 9 }, (_, i) => `team-${i}`) };
  let ws: WorkspaceFixture;
  let noWorkerDir: string;
  let worker: LspTestClient;
  let inThread: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-graph-worker-');
    for (const [file, text] of Object.entries(workspaceYaml(300))) ws.write(file, text);
    // The bundled server without dist/graphWorker.js next to it: its fallback, on the main thread.
    noWorkerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-no-graph-worker-'));
    for (const f of ['server.js', 'serverMain.js', 'analysisWorker.js']) fs.copyFileSync(path.join(REPO_ROOT, 'dist', f), path.join(noWorkerDir, f));
    worker = await LspTestClient.start({ workspaceFolders: ws.folders, capabilities: VIEW_CAPABILITY });
    inThread = await LspTestClient.start({ workspaceFolders: ws.folders, capabilities: VIEW_CAPABILITY, serverPath: path.join(noWorkerDir, 'server.js') });
    for (const c of [worker, inThread]) await c.waitForLog((m) => /^indexed \d+ files/.test(m), 60000);
  });

  after(async () => {
    await worker?.shutdown();
    await inThread?.shutdown();
    ws?.dispose();
    if (noWorkerDir) fs.rmSync(noWorkerDir, { recursive: true, force: true });
  });

  it('answers netpol/graph with the same picture, model and matrix as the in-thread server', async () => {
    for (const options of [{}, BIG]) {
      const [a, b] = [await worker.request<GraphResult>('netpol/graph', { options }), await inThread.request<GraphResult>('netpol/graph', { options })];
      assert.deepStrictEqual([a.laidOutOn, b.laidOutOn], ['worker', 'main']);
      assert.strictEqual(a.svg, b.svg);
      assert.deepStrictEqual(a.model, b.model);
      assert.deepStrictEqual(a.compactMatrix, b.compactMatrix);
      assert.strictEqual(a.notice, b.notice);
    }
  });

  /** Sends a graph request whose picture is not cached and a hover right behind it; which answer came first, and when. */
  async function hoverDuringLayout(client: LspTestClient, round: number) {
    const uri = ws.uri('team-0.yaml');
    const text = ws.read('team-0.yaml');
    if (round === 0) await client.open(uri, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('podSelector: {matchLabels: {tier: api}}'));
    const position = { line, character: lines[line].indexOf('podSelector') + 2 };
    assert.ok(await client.request('textDocument/hover', { textDocument: { uri }, position }), 'no hover on the podSelector');
    const matrixVersion = (await client.request<GraphResult>('netpol/graph', { options: {} })).matrixVersion;
    // A key the cache has not seen (the order of `expand`), the same big picture.
    const options = { expand: round === 0 ? [...BIG.expand].reverse() : [...BIG.expand.slice(1), BIG.expand[0]] };
    const order: string[] = [];
    const t0 = Date.now();
    const graph = client.request<GraphResult>('netpol/graph', { options, matrixVersion }).then((g) => (order.push('graph'), { g, ms: Date.now() - t0 }));
    const hover = client.request('textDocument/hover', { textDocument: { uri }, position }).then((h) => (order.push('hover'), { h, ms: Date.now() - t0 }));
    const [g, h] = await Promise.all([graph, hover]);
    assert.ok(h.h, 'no hover');
    assert.ok(g.g.model.nodes.length > 215, `a small picture: ${g.g.model.nodes.length} nodes (${g.g.notice ?? "no notice"})`);
    return { order, graphMs: g.ms, hoverMs: h.ms, timings: g.g.timings, where: g.g.laidOutOn, arrows: g.g.model.edges.length };
  }

  it('answers a hover sent during a big layout before the layout is done (the in-thread server only after it)', async () => {
    const ms = (t: GraphResult['timings']) => Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    const w = await hoverDuringLayout(worker, 0);
    const m = await hoverDuringLayout(inThread, 0);
    console.log(`      ${w.arrows} arrows; worker: hover ${w.hoverMs} ms, graph ${w.graphMs} ms (${ms(w.timings)} ms); in-thread: hover ${m.hoverMs} ms, graph ${m.graphMs} ms (${ms(m.timings)} ms)`);
    assert.strictEqual(w.where, 'worker');
    assert.strictEqual(m.where, 'main');
    // The in-thread server shows what the test would see without the worker.
    assert.deepStrictEqual(m.order, ['graph', 'hover']);
    assert.deepStrictEqual(w.order, ['hover', 'graph'], `the hover waited for the layout: hover ${w.hoverMs} ms, graph ${w.graphMs} ms`);
  });
});
