// Responsiveness of the real server over stdio while it indexes (issue #6,
// item 5; issue #14): requests sent during indexing, and during the
// diagnostics pass after it, are answered promptly even when the
// workspace holds large files (they are parsed in the worker thread), a text
// is parsed once however many features ask for it, and a file over the size
// limit is reported once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Position } from 'vscode-languageserver-protocol';
import { generateWorkspace } from '../bench/generate';
import { delay, fileUri, LspTestClient } from './harness';
import * as hostile from './hostileInputs';

/** Pods of the generated workspace (the bench's 100k-pod shape, smaller; NETPOL_BENCH_PODS for a manual run). */
const PODS = Number(process.env.NETPOL_BENCH_PODS || 6000);
/** The large file indexed with the limit raised (NETPOL_BIG_FILE_MB=20 for the issue's case). */
const BIG_FILE_MB = Number(process.env.NETPOL_BIG_FILE_MB || 2);
/**
 * Bounds on request latency during indexing. The goal is 200 ms; on a loaded
 * 2-core CI machine single answers can take longer for reasons that are not
 * the server's (the test client shares the cores), so the p95 bound is
 * generous and the numbers are printed. Before the worker, a 1 MB file held
 * every request for 2.4-3.9 s, a 20 MB file for over 15 s.
 */
const P95_BOUND_MS = 600;
const MAX_BOUND_MS = 1500;
const P95_MIN_SAMPLES = 20;
const RSS_BOUND_MB = 1024;
/**
 * The diagnostics pass's longest stretch between two yields, in CPU time of
 * the server (a loaded machine stretches wall time, hardly this). Checking
 * the 0.9 MB file at once took 400-460 ms; one check of it at a time, under 100.
 */
const PASS_SLICE_CPU_BOUND_MS = 250;
/**
 * The main thread's longest run without a turn of the event loop while
 * indexing, in its own CPU time (the server's block detector reads the
 * thread's schedstat; Linux only): what a request can wait behind, the
 * machine's load aside. Cold, the first files' analyses and installs took
 * 80-110 ms of it each when they were made on the main thread; the cold
 * start's files go to the worker, which compiles its parser as it starts.
 */
const INDEXING_BLOCK_CPU_BOUND_MS = 100;

const measured: string[] = [];
/** Another server bundle to measure (e.g. one built before the worker); default dist/server.js. */
const serverPath = process.env.NETPOL_SERVER_PATH || undefined;

interface Stats {
  analyses: { inline: number; worker: number; trees: number };
  indexedFiles: number;
  indexing: boolean;
  rssMb: number;
  timing: {
    diagnostics: { passes: number; pending: boolean; longestSliceMs: number; longestSliceCpuMs?: number; publishing?: number };
    cpuBlocks?: { endedAtMs: number; cpuMs?: number; ms: number; phase: string; steps?: { phase: string; ms: number }[] }[];
    indexing?: { startedAtMs: number; endedAtMs: number };
    pool: { workers: number; prestartedTaken: boolean };
  };
}

function stats(client: LspTestClient): Promise<Stats> {
  return client.request<Stats>('netpol/internal/stats', {});
}

function parses(s: Stats): number {
  return s.analyses.inline + s.analyses.worker + s.analyses.trees;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  assert.ok(kb > 0, 'VmRSS readable');
  return Math.round(kb / 1024);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const indexedLog = (m: string) => /^indexed \d+ files/.test(m);

interface Sample {
  method: string;
  ms: number;
  /** ms after the first request was sent. */
  at: number;
  /** What the server was doing when the round of requests was sent. */
  phase: 'indexing' | 'diagnostics';
}

/**
 * Sends hover, completion and documentSymbol for `uri` one after the other
 * until `phase` says the work is over; returns each latency (that of the
 * stats request asking the phase too), tagged with the phase it was sent in.
 */
async function probe(client: LspTestClient, uri: string, position: Position, phase: () => Promise<Sample['phase'] | 'done'> | Sample['phase'] | 'done'): Promise<Sample[]> {
  const out: Sample[] = [];
  const probeStart = Date.now();
  const requests: [string, unknown][] = [
    ['textDocument/hover', { textDocument: { uri }, position }],
    ['textDocument/completion', { textDocument: { uri }, position }],
    ['textDocument/documentSymbol', { textDocument: { uri } }],
  ];
  let last: Sample['phase'] = 'indexing';
  for (;;) {
    // The phase is asked of the server (netpol/internal/stats): a request like the others, written after whatever the server queued before it (a push of diagnostics).
    const asked = Date.now();
    const answer = phase();
    const now = answer instanceof Promise ? await answer : answer;
    if (answer instanceof Promise) out.push({ method: 'netpol/internal/stats', ms: Date.now() - asked, at: asked - probeStart, phase: now === 'done' ? last : now });
    if (now === 'done') break;
    last = now;
    for (const [method, params] of requests) {
      const started = Date.now();
      await client.request(method, params);
      out.push({ method, ms: Date.now() - started, at: started - probeStart, phase: now });
    }
    await delay(20);
  }
  return out;
}

/** Probes until indexing is over. */
const untilIndexed = (client: LspTestClient) => (): Sample['phase'] | 'done' => (client.logs.some((l) => indexedLog(l.message)) ? 'done' : 'indexing');

/**
 * Probes through indexing and then through the diagnostics pass that
 * follows it (every file re-checked with the workspace checks), until the
 * server says no pass runs or waits and one ended after the index did.
 */
function untilDiagnosed(client: LspTestClient): () => Promise<Sample['phase'] | 'done'> {
  let passesBefore = 0;
  let indexed = false;
  return async () => {
    const d = (await stats(client)).timing.diagnostics;
    // The index announces its end before the log line: once the line is here, the pass after it is pending or ran.
    if (!indexed) {
      indexed = client.logs.some((l) => indexedLog(l.message));
      if (!indexed) {
        passesBefore = d.passes;
        return 'indexing';
      }
    }
    // Over once what the pass found is pushed, too (`publishing`; a server without it pushed in the pass's last turn).
    return !d.pending && (d.publishing ?? 0) === 0 && d.passes > passesBefore ? 'done' : 'diagnostics';
  };
}

function assertLatencies(what: string, samples: Sample[], minSamples: number, during = 'during indexing'): void {
  const ms = samples.map((s) => s.ms);
  const p50 = percentile(ms, 50);
  const p95 = percentile(ms, 95);
  const max = Math.max(...ms);
  const worst = samples.reduce((a, b) => (b.ms > a.ms ? b : a));
  // The first second is the cold start (V8 compiling the parser, the first files indexed).
  const firstSecond = samples.filter((s) => s.at !== undefined && s.at < 1000).map((s) => s.ms);
  const cold = firstSecond.length > 0 ? `; first second: ${firstSecond.length} requests, max ${Math.max(...firstSecond)} ms` : '';
  measured.push(`${what}: ${samples.length} requests ${during}, p50 ${p50} ms, p95 ${p95} ms, max ${max} ms (${worst.method}${worst.at === undefined ? '' : `, sent ${worst.at} ms after the first`})${cold}`);
  assert.ok(samples.length >= minSamples, `${what}: only ${samples.length} requests answered ${during}`);
  // Of a few requests (the diagnostics pass of a small workspace) the p95 is the slowest one: the max bound says enough.
  if (samples.length >= P95_MIN_SAMPLES) assert.ok(p95 < P95_BOUND_MS, `${what}: p95 ${p95} ms over ${P95_BOUND_MS} ms`);
  assert.ok(max < MAX_BOUND_MS, `${what}: a request took ${max} ms (${worst.method})`);
}

/** The longest CPU block of the main thread between the start and the end of indexing is under the bound (where the server can tell). */
function assertIndexingBlocks(timing: Stats['timing']): void {
  const run = timing.indexing;
  if (!timing.cpuBlocks || !run || process.platform !== 'linux') return;
  assert.ok(run.endedAtMs > run.startedAtMs, JSON.stringify(run));
  const during = timing.cpuBlocks.filter((b) => b.endedAtMs > run.startedAtMs && b.endedAtMs <= run.endedAtMs + 10);
  const longest = during.reduce<(typeof during)[number] | undefined>((a, b) => ((b.cpuMs ?? 0) > (a?.cpuMs ?? 0) ? b : a), undefined);
  measured.push(
    `longest main-thread block while indexing: ${longest ? `${longest.cpuMs} ms CPU (${longest.ms} ms wall, ${longest.phase}, ${JSON.stringify(longest.steps)})` : `none of ${timing.cpuBlocks.length} over 50 ms CPU`}`,
  );
  if (longest) assert.ok((longest.cpuMs ?? 0) < INDEXING_BLOCK_CPU_BOUND_MS, `the main thread ran ${longest.cpuMs} ms of CPU without a turn of its event loop while indexing (${longest.phase})`);
}

describe('LSP server responsiveness while indexing', function () {
  this.timeout(180000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-responsive-'));
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  after(() => {
    if (measured.length > 0) console.log(`      measured:\n${measured.map((m) => `        ${m}`).join('\n')}`);
  });

  it(`answers hover, completion and documentSymbol promptly while indexing ${PODS} generated pods and two files of 0.2 and 0.9 MB, and while the diagnostics pass re-checks them`, async () => {
    const ws = generateWorkspace(path.join(root, 'ws'), PODS);
    // The cases of the issue: files of several hundred KB, parsed in one step before the worker.
    fs.writeFileSync(path.join(ws.root, 'big-a.yaml'), hostile.manyDocuments(900 * 1024));
    fs.writeFileSync(path.join(ws.root, 'big-b.yaml'), hostile.manyDocuments(200 * 1024));
    const policyFile = ws.files.find((f) => path.basename(f).startsWith('policies-'))!;
    const uri = fileUri(policyFile);
    const text = fs.readFileSync(policyFile, 'utf8');
    // The block detector on: the longest CPU block while indexing is asserted below.
    const client = await LspTestClient.start({ serverPath, workspaceFolders: [{ uri: fileUri(ws.root), name: 'ws' }], env: { NETPOL_WATCH_EVENT_LOOP: '1' } });
    try {
      await client.open(uri, text);
      const at = text.indexOf('podSelector:');
      const line = text.slice(0, at).split('\n').length - 1;
      // Through indexing, then through the pass that re-checks every file with the workspace checks.
      const samples = await probe(client, uri, { line, character: 4 }, untilDiagnosed(client));
      const log = client.logs.find((l) => indexedLog(l.message))!.message;
      measured.push(`${PODS} pods, ${ws.files.length + 2} files, ${Math.round(ws.bytes / 1024)} KiB + 1.1 MB: ${log}`);
      const timing = (await stats(client)).timing;
      const pass = samples.filter((x) => x.phase === 'diagnostics');
      measured.push(`diagnostics pass after indexing: about ${pass.length > 0 ? pass[pass.length - 1].at - pass[0].at : 0} ms, longest stretch between yields ${timing.diagnostics.longestSliceMs} ms (CPU ${timing.diagnostics.longestSliceCpuMs} ms)`);
      // With NETPOL_WATCH_EVENT_LOOP=1 the server also says where its main thread blocked.
      if (process.env.NETPOL_WATCH_EVENT_LOOP) measured.push(`server timing: ${JSON.stringify(timing)}`);
      assertLatencies(`${PODS}-pod workspace`, samples.filter((x) => x.phase === 'indexing'), 10);
      assertLatencies(`${PODS}-pod workspace`, pass, 3, 'during the diagnostics pass after indexing');
      assertIndexingBlocks(timing);
      const sliceCpu = timing.diagnostics.longestSliceCpuMs ?? Infinity;
      assert.ok(sliceCpu < PASS_SLICE_CPU_BOUND_MS, `the diagnostics pass ran ${sliceCpu} ms of CPU without yielding`);
      // Nothing was lost: every file is in the index, the big ones analysed in the worker.
      const s = await stats(client);
      assert.strictEqual(s.indexedFiles, ws.files.length + 2);
      assert.ok(s.analyses.worker >= 2, JSON.stringify(s));
      assert.strictEqual(client.serverStderr, '');
    } finally {
      await client.shutdown();
    }
  });

  it(`with the size limit raised, answers requests while a ${BIG_FILE_MB} MB file is parsed, then has all of it`, async () => {
    const ws = path.join(root, 'ws');
    fs.mkdirSync(ws);
    const big = hostile.manyDocuments(BIG_FILE_MB * 1024 * 1024);
    const policies = big.split('kind: NetworkPolicy').length - 1;
    fs.writeFileSync(path.join(ws, 'huge.yaml'), big);
    const small = hostile.validPolicy('probe');
    fs.writeFileSync(path.join(ws, 'probe.yaml'), small);
    const client = await LspTestClient.start({ serverPath, workspaceFolders: [{ uri: fileUri(ws), name: 'ws' }], settings: { maxFileSizeKb: 65536 } });
    try {
      const uri = fileUri(path.join(ws, 'probe.yaml'));
      await client.open(uri, small);
      let peakRss = 0;
      const indexing = untilIndexed(client);
      const samples = await probe(client, uri, { line: 6, character: 4 }, () => {
        peakRss = Math.max(peakRss, rssMb(client.process.pid!));
        return indexing();
      });
      const log = client.logs.find((l) => indexedLog(l.message))!.message;
      measured.push(`${BIG_FILE_MB} MB file (${policies} policies): ${log}; peak RSS ${peakRss} MB`);
      assertLatencies(`${BIG_FILE_MB} MB file`, samples, 10);
      assert.ok(peakRss < RSS_BOUND_MB, `RSS ${peakRss} MB`);
      // Every policy of the big file made it into the index (it holds one per `---` document, namespace shop).
      const s = await stats(client);
      assert.strictEqual(s.indexedFiles, 2);
      assert.strictEqual(s.analyses.worker, 1, JSON.stringify(s));
      assert.match(log, new RegExp(`^indexed 2 files in \\d+ ms \\(start; 0 namespaces with workloads, ${policies + 1} policies\\)$`));
      assert.strictEqual(client.serverStderr, '');
    } finally {
      await client.shutdown();
    }
  });

  it('indexes the first files of a fresh server in the worker, short ones inline: none blocks the main thread while V8 compiles the parser', async () => {
    // The 100k-pod run's longest stall was here: each of the first files analysed inline took 30-120 ms, one block each.
    const ws = path.join(root, 'ws');
    fs.mkdirSync(ws);
    const medium = hostile.manyDocuments(3 * 1024);
    const tiny = hostile.validPolicy('tiny');
    // Well under WARM_CHARS in all: the main thread stays cold throughout.
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(ws, `medium-${i}.yaml`), medium.replace(/name: p(\d+)/g, `name: m${i}-p$1`));
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(ws, `tiny-${i}.yaml`), tiny.replace('name: tiny', `name: tiny-${i}`));
    const client = await LspTestClient.start({ workspaceFolders: [{ uri: fileUri(ws), name: 'ws' }] });
    try {
      await client.waitForLog(indexedLog, 30000);
      const s = await stats(client);
      assert.deepStrictEqual({ worker: s.analyses.worker, inline: s.analyses.inline }, { worker: 40, inline: 10 }, JSON.stringify(s));
      assert.strictEqual(s.indexedFiles, 50);
      // One worker, the one dist/server.js started before it loaded the server: its start overlapped the load.
      assert.deepStrictEqual({ workers: s.timing.pool.workers, prestartedTaken: s.timing.pool.prestartedTaken }, { workers: 1, prestartedTaken: true });
      assert.strictEqual(client.serverStderr, '');
    } finally {
      await client.shutdown();
    }
  });

  it('parses a text once: indexing, opening the same text, diagnostics, symbols and hover share one analysis', async () => {
    const ws = path.join(root, 'ws');
    fs.mkdirSync(ws);
    const large = hostile.manyDocuments(100 * 1024); // analysed in the worker
    const small = hostile.validPolicy('small'); // analysed inline
    fs.writeFileSync(path.join(ws, 'large.yaml'), large);
    fs.writeFileSync(path.join(ws, 'small.yaml'), small);
    const client = await LspTestClient.start({ workspaceFolders: [{ uri: fileUri(ws), name: 'ws' }] });
    try {
      await client.waitForLog(indexedLog, 30000);
      const afterIndexing = await stats(client);
      assert.strictEqual(parses(afterIndexing), 2, JSON.stringify(afterIndexing));
      for (const [name, text] of [['large.yaml', large], ['small.yaml', small]]) {
        const uri = fileUri(path.join(ws, name));
        await client.open(uri, text);
        await client.waitForVersion(uri, 20000);
        await client.request('textDocument/documentSymbol', { textDocument: { uri } });
        // On the policy's name: answered from the index's objects.
        const position = client.rangeOf(uri, 'name: ').end;
        await client.request('textDocument/hover', { textDocument: { uri }, position });
      }
      const afterOpening = await stats(client);
      assert.strictEqual(parses(afterOpening), 2, `opening unchanged files parsed them again: ${JSON.stringify(afterOpening)}`);
      // An edit is one parse, shared by the diagnostics, the index and the outline.
      const uri = fileUri(path.join(ws, 'small.yaml'));
      await client.replace(uri, 'name: small', 'name: smaller');
      await client.waitForVersion(uri);
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request('textDocument/hover', { textDocument: { uri }, position: client.rangeOf(uri, 'name: ').end });
      const afterEdit = await stats(client);
      assert.strictEqual(parses(afterEdit), 3, JSON.stringify(afterEdit));
    } finally {
      await client.shutdown();
    }
  });

  it('reports a file over the size limit once, however many events name it', async () => {
    const ws = path.join(root, 'ws');
    fs.mkdirSync(ws);
    const file = path.join(ws, 'big.yaml');
    fs.writeFileSync(file, `# ${'x'.repeat(3000)}\nkind: Namespace\n`);
    const client = await LspTestClient.start({ workspaceFolders: [{ uri: fileUri(ws), name: 'ws' }], settings: { maxFileSizeKb: 2 } });
    try {
      await client.waitForLog(indexedLog, 10000);
      for (let i = 0; i < 3; i++) await client.watchedFilesChanged([{ uri: fileUri(file), type: 2 }]);
      await client.setSettings({ maxFileSizeKb: 2, exclude: ['nothing/**'] });
      await client.waitForLog((m) => /^indexed \d+ files in \d+ ms \(settings changed/.test(m), 10000);
      await stats(client);
      const skipped = client.logs.filter((l) => l.message.includes('over netpol.maxFileSizeKb'));
      assert.deepStrictEqual(skipped.map((l) => l.message), [`${fileUri(file)}: skipped: 3 KiB is over netpol.maxFileSizeKb (2)`]);
      // Grown past another size: said again, with the new size.
      fs.writeFileSync(file, `# ${'x'.repeat(5000)}\nkind: Namespace\n`);
      await client.watchedFilesChanged([{ uri: fileUri(file), type: 2 }]);
      await client.waitForLog((m) => m.endsWith('skipped: 5 KiB is over netpol.maxFileSizeKb (2)'), 5000);
    } finally {
      await client.shutdown();
    }
  });
});
