// `npm run bench`: generates workspaces of 1k, 10k and 100k pods, in two
// shapes (`today`, and `realistic`: see realistic.ts), and measures, in one
// process: the YAML floor, the cold index with every policy's diagnostics
// (wall and process CPU time: on a shared machine compare the ratios, they
// are steadier than the times), keystrokes (re-set one file and re-run the
// affected checks, no debounce; median CPU and wall time of BENCH_KEYSTROKES
// (41) of each kind, the growth judged by CPU), what the server's
// diagnostics pass re-checks after such keystrokes (serverRecheck.ts: files
// and CPU ms) and the connectivity matrix; memory in a
// fresh child process per size. As whole processes: `netpol check DIR` and
// the real language server's cold start (until indexed, plus every file's
// diagnostics), each against a bare-parse process over the same files.
// Prints tables and writes test-output/bench.json.
// BENCH_SIZES=1000,10000 and BENCH_SHAPES=today,realistic choose what runs;
// "lints": every rule (opt-in ones too) over every file of the built index,
// and `netpol check` with every opt-in rule switched on (`--rule`), and the
// server's cold start with them on (`netpol.rules`). The whole processes
// run interleaved, a median of BENCH_RUNS (3) each.
// Also "graph model + layout" at 30, 300 and 3,000 workloads (graphBench.ts);
// BENCH_GRAPH=0 skips it, BENCH_GRAPH_ONLY=1 runs only it.
// BENCH_COREDNS=0 leaves out the CoreDNS manifest the realistic shape writes
// to stand in for the cluster model (with it, the DNS rule matches).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { INDEX_CHECKS, runIndexChecks } from '../../server/src/core/checks';
import { clearCheckCaches } from '../../server/src/core/checks/clearCaches';
import { engineInputFrom } from '../../server/src/core/index/engineInput';
import { computeMatrix } from '../../server/src/core/policy/engine';
import { clearSelectorVerdicts } from '../../server/src/core/checks/selectorMatchesNothing';
import { generateWorkspace, GeneratedWorkspace, Shape } from './generate';
import { mb, median, memory, now, time } from './measure';
import { serverCold } from './serverCold';
import { RecheckResult, serverRecheck } from './serverRecheck';
import { benchGraph, GraphBenchRow, printGraphBench } from './graphBench';

interface SizeResult {
  shape: Shape;
  pods: number;
  services: number;
  misspellings: number;
  /** Whole processes: `netpol check DIR` and the bare parse of the same files. */
  cliMs: number;
  bareMs: number;
  /** The same bare parse with `yaml`'s debug switches read once, as the bundles read them (scripts/yamlEnvOnce.mjs): the floor our own overhead is measured on. */
  bareOnceMs: number;
  cliRssKb?: number;
  bareRssKb?: number;
  /** Share of the files `netpol check` had analysed by worker threads (its default `--jobs auto`), median over the runs; undefined without /usr/bin/time. */
  cliWorkerShare?: number;
  /** Real server: spawn to "indexed"; `lspMs` adds every file's diagnostics. */
  serverIndexedMs: number;
  lspMs: number;
  /** How `lspMs` got the diagnostics: the server's workspace/diagnostic, or the checks in process. */
  lspDiagnostics: 'workspace/diagnostic' | 'in-process';
  /** All checks of every policy file on a built index, no cached verdicts. */
  checksMs: number;
  /** Every rule (opt-in ones too) of every file on a built index, no cached verdicts. */
  lintsMs: number;
  /** `netpol check DIR` with every opt-in rule switched on. */
  cliLintsMs: number;
  /** `lspMs` with every opt-in rule switched on (`netpol.rules` settings). */
  lspLintsMs: number;
  workloads: number;
  policies: number;
  files: number;
  sourceBytes: number;
  floorMs: number;
  coldMs: number;
  floorCpuMs: number;
  coldCpuMs: number;
  keystrokePolicyMs: number;
  keystrokeWorkloadMs: number;
  /** The same keystrokes' process CPU time, median of KEYSTROKES: what the growth is judged by. */
  keystrokePolicyCpuMs: number;
  keystrokeWorkloadCpuMs: number;
  /** What the server's diagnostics pass re-checks after one keystroke (serverRecheck.ts). */
  recheck: RecheckResult;
  heapBytes: number;
  rssBytes: number;
  matrixMs: number;
  matrixClasses: number;
}

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SHAPES = (process.env.BENCH_SHAPES ?? 'today,realistic').split(',') as Shape[];
const CORE_DNS = process.env.BENCH_COREDNS !== '0';
const CLI_PATH = path.resolve(__dirname, '../../../dist/cli.js');
const BARE_PATH = path.join(__dirname, 'bareParse.js');
const TIME_BIN = '/usr/bin/time';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Keystrokes of each kind per size (BENCH_KEYSTROKES). */
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 41);

type Timed = Omit<ReturnType<typeof time>, 'value'>;

function readAll(ws: GeneratedWorkspace): Map<string, string> {
  return new Map(ws.files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
}

function floor(texts: Map<string, string>): { ms: number; cpuMs: number } {
  return time(() => {
    for (const t of texts.values()) parseAllDocuments(t, { version: '1.1', uniqueKeys: false });
  });
}

function policyFiles(index: WorkspaceIndex): string[] {
  return [...new Set(index.allPolicies().map((p) => p.uri))];
}

function coldIndex(texts: Map<string, string>): { ms: number; cpuMs: number; index: WorkspaceIndex } {
  const t = time(() => {
    const index = new WorkspaceIndex();
    for (const [uri, text] of texts) index.setFile(uri, text);
    for (const uri of policyFiles(index)) runIndexChecks(index, uri);
    return index;
  });
  return { ms: t.ms, cpuMs: t.cpuMs, index: t.value };
}

/** One edit in an open policy file: re-analyse it and recompute its diagnostics. */
function keystrokeInPolicy(index: WorkspaceIndex, run: number): Timed {
  const uri = policyFiles(index)[0];
  const text = index.getFile(uri)!.text;
  const edited = text.replace('port:', `port:${' '.repeat(run + 1)}`);
  return time(() => {
    index.setFile(uri, edited);
    runIndexChecks(index, uri);
  });
}

/**
 * A label edit in a workload that many policies select: re-analyse its file,
 * then recompute the diagnostics of every policy file of its namespace (what
 * the server refreshes for open policies).
 */
function keystrokeInWorkload(index: WorkspaceIndex, run: number): Timed {
  const policy = index.allPolicies()[0];
  const target = [...index.workloadsIn(policy.namespace).values()][0];
  const text = index.getFile(target.uri)!.text;
  const edited = text.replace('tier: ', `tier: x${run}`);
  const affected = [...new Set([...index.policiesIn(policy.namespace).values()].map((p) => p.uri))];
  return time(() => {
    index.setFile(target.uri, edited);
    for (const uri of affected) runIndexChecks(index, uri);
  });
}

/**
 * Memory in a fresh process, so that no earlier run's garbage sits in the
 * RSS baseline: texts read, the parser warmed up by a floor run, garbage
 * collected, baseline; the index built and kept alive, collected again.
 * The texts are in the baseline: what is measured is the index above them.
 */
function memoryPass(root: string): void {
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(root, f));
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  floor(texts);
  const base = memory();
  const index = coldIndex(texts).index;
  const after = memory();
  console.log(JSON.stringify({ heap: after.heap - base.heap, rss: after.rss - base.rss, files: index.fileCount }));
}

function memoryInChild(root: string): { heap: number; rss: number } {
  const flags = process.execArgv.filter((a) => a.startsWith('--max-old-space-size'));
  const out = execFileSync(process.execPath, ['--expose-gc', ...flags, __filename], { env: { ...process.env, BENCH_MEMORY_OF: root }, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** A whole process's wall time, and its peak RSS when /usr/bin/time is there. Output is discarded. */
function processRun(args: string[], cwd: string): { ms: number; rssKb?: number; workerShare?: number } {
  const withTime = fs.existsSync(TIME_BIN);
  const start = now();
  const r = withTime
    ? spawnSync(TIME_BIN, ['-f', 'maxrss=%M', process.execPath, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NETPOL_JOBS_STATS: '1' } })
    : spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = now() - start;
  const stderr = String(r.stderr ?? '');
  const rss = withTime ? /maxrss=(\d+)/.exec(stderr)?.[1] : undefined;
  // `netpol: jobs {...}` (NETPOL_JOBS_STATS): how many files worker threads took.
  const jobs = /^netpol: jobs (\{.*\})$/m.exec(stderr)?.[1];
  const stats = jobs ? (JSON.parse(jobs) as { byWorkers: number; byMain: number }) : undefined;
  return { ms, rssKb: rss ? Number(rss) : undefined, workerShare: stats ? stats.byWorkers / Math.max(1, stats.byWorkers + stats.byMain) : undefined };
}

/** `--rule` flags that switch every opt-in rule on at its default severity. */
const ALL_RULES_ON = INDEX_CHECKS.filter((c) => c.offByDefault).flatMap((c) => ['--rule', `${c.id}=${c.defaultSeverity}`]);
/** The same for the server: its `netpol.rules` setting. */
const ALL_RULES_SETTINGS = { rules: Object.fromEntries(INDEX_CHECKS.filter((c) => c.offByDefault).map((c) => [c.id, c.defaultSeverity])) };

type ServerRun = { indexedMs: number; diagnosticsMs?: number };

/**
 * The whole processes, interleaved run by run (bare, check, check with every
 * rule, server, server with every rule): other jobs on a shared machine then
 * slow all of them alike, and the medians' ratios hold.
 */
async function processes(ws: GeneratedWorkspace, runs: number): Promise<Pick<SizeResult, 'cliMs' | 'bareMs' | 'bareOnceMs' | 'cliRssKb' | 'bareRssKb' | 'cliWorkerShare' | 'cliLintsMs'> & { server: ServerRun[]; serverLints: ServerRun[] }> {
  const cli: { ms: number; rssKb?: number; workerShare?: number }[] = [];
  const bare: { ms: number; rssKb?: number }[] = [];
  const bareOnce: number[] = [];
  const lints: number[] = [];
  const server: ServerRun[] = [];
  const serverLints: ServerRun[] = [];
  for (let r = 0; r < runs; r++) {
    bare.push(processRun([BARE_PATH, '.'], ws.root));
    bareOnce.push(processRun([BARE_PATH, '.', '--env-once'], ws.root).ms);
    cli.push(processRun([CLI_PATH, 'check', '.'], ws.root));
    lints.push(processRun([CLI_PATH, 'check', '.', ...ALL_RULES_ON], ws.root).ms);
    server.push(await serverCold(ws.root));
    serverLints.push(await serverCold(ws.root, undefined, ALL_RULES_SETTINGS));
  }
  const rss = (xs: { rssKb?: number }[]) => (xs.every((x) => x.rssKb !== undefined) ? median(xs.map((x) => x.rssKb!)) : undefined);
  return { cliMs: median(cli.map((x) => x.ms)), bareMs: median(bare.map((x) => x.ms)), bareOnceMs: median(bareOnce), cliRssKb: rss(cli), bareRssKb: rss(bare), cliWorkerShare: cli.every((x) => x.workerShare !== undefined) ? median(cli.map((x) => x.workerShare!)) : undefined, cliLintsMs: median(lints), server, serverLints };
}

/** Every check of every policy file on a built index, with no cached verdict (the diagnostics part of a cold start). */
function allChecks(index: WorkspaceIndex): number {
  clearSelectorVerdicts(index);
  const uris = policyFiles(index);
  return time(() => {
    for (const uri of uris) runIndexChecks(index, uri);
  }).ms;
}

/** Every rule, opt-in ones included, over every file (workload files have workspace findings too), no cached verdicts. */
function allLints(index: WorkspaceIndex): number {
  clearCheckCaches(index);
  const uris = index.uris();
  return time(() => {
    for (const uri of uris) runIndexChecks(index, uri, () => true);
  }).ms;
}

let warmedUp = false;

async function benchSize(shape: Shape, pods: number, root: string): Promise<SizeResult> {
  const ws = generateWorkspace(path.join(root, `ws-${shape}-${pods}`), pods, 42, shape, { coreDns: CORE_DNS });
  const texts = readAll(ws);
  const runs = pods >= 100000 ? Math.max(1, Math.min(RUNS, 2)) : RUNS;
  // The server runs for hours: measure compiled code, not the JIT's first
  // pass over the parser and the index (which would dominate the small size).
  if (!warmedUp) {
    floor(texts);
    coldIndex(texts);
    warmedUp = true;
  }
  const floors: number[] = [];
  const colds: number[] = [];
  const floorCpus: number[] = [];
  const coldCpus: number[] = [];
  for (let r = 0; r < runs; r++) {
    const f = floor(texts);
    floors.push(f.ms);
    floorCpus.push(f.cpuMs);
    const c = coldIndex(texts);
    colds.push(c.ms);
    coldCpus.push(c.cpuMs);
  }
  const mem = memoryInChild(ws.root);
  const index = coldIndex(texts).index;
  const kp: Timed[] = [];
  const kw: Timed[] = [];
  // Many short runs, and their CPU time: a median of few wall times is at
  // the mercy of one garbage collection or one other job on the machine.
  for (let r = 0; r < Math.max(KEYSTROKES, RUNS); r++) {
    kp.push(keystrokeInPolicy(index, r));
    kw.push(keystrokeInWorkload(index, r));
  }
  const recheck = serverRecheck(index, Math.min(KEYSTROKES, 11));
  const matrix = time(() => computeMatrix(engineInputFrom(index)));
  const checksMs = median(Array.from({ length: runs }, () => allChecks(index)));
  const lintsMs = median(Array.from({ length: runs }, () => allLints(index)));
  const { server, serverLints, ...procs } = await processes(ws, runs);
  const serverIndexedMs = median(server.map((x) => x.indexedMs));
  const pulled = [...server, ...serverLints].every((x) => x.diagnosticsMs !== undefined);
  return {
    shape,
    services: ws.services,
    misspellings: ws.misspellings.length,
    ...procs,
    serverIndexedMs,
    lspMs: pulled ? median(server.map((x) => x.diagnosticsMs!)) : serverIndexedMs + checksMs,
    lspLintsMs: pulled ? median(serverLints.map((x) => x.diagnosticsMs!)) : median(serverLints.map((x) => x.indexedMs)) + lintsMs,
    lspDiagnostics: pulled ? 'workspace/diagnostic' : 'in-process',
    checksMs,
    lintsMs,
    pods: ws.pods,
    workloads: ws.workloads,
    policies: ws.policies,
    files: ws.files.length,
    sourceBytes: ws.bytes,
    floorMs: median(floors),
    coldMs: median(colds),
    floorCpuMs: median(floorCpus),
    coldCpuMs: median(coldCpus),
    keystrokePolicyMs: median(kp.map((k) => k.ms)),
    keystrokeWorkloadMs: median(kw.map((k) => k.ms)),
    keystrokePolicyCpuMs: median(kp.map((k) => k.cpuMs)),
    keystrokeWorkloadCpuMs: median(kw.map((k) => k.cpuMs)),
    recheck,
    heapBytes: mem.heap,
    rssBytes: mem.rss,
    matrixMs: matrix.ms,
    matrixClasses: matrix.value.engine.classes.length,
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_MEMORY_OF) return memoryPass(process.env.BENCH_MEMORY_OF);
  let graph: GraphBenchRow[] = [];
  if (process.env.BENCH_GRAPH !== '0') {
    graph = benchGraph();
    printGraphBench(graph);
    if (process.env.BENCH_GRAPH_ONLY === '1') return;
  }
  if (!(globalThis as { gc?: unknown }).gc) console.warn('note: run with --expose-gc for accurate memory numbers');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const shape of SHAPES) {
      for (const size of SIZES) {
        const r = await benchSize(shape, size, root);
        results.push(r);
        console.log(`done ${shape} ${size} pods: cold ${r.coldMs.toFixed(0)} ms, check ${r.cliMs.toFixed(0)} ms, bare ${r.bareMs.toFixed(0)} ms`);
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const rows = results.map((r) => ({
    shape: r.shape,
    pods: r.pods,
    workloads: r.workloads,
    policies: r.policies,
    files: r.files,
    source: mb(r.sourceBytes),
    'floor ms': r.floorMs.toFixed(0),
    'cold ms': r.coldMs.toFixed(0),
    'cold/floor': (r.coldMs / r.floorMs).toFixed(2),
    'cpu cold/floor': (r.coldCpuMs / r.floorCpuMs).toFixed(2),
    'key policy ms': r.keystrokePolicyMs.toFixed(2),
    'key workload ms': r.keystrokeWorkloadMs.toFixed(2),
    'heap+': mb(r.heapBytes),
    'heap/source': (r.heapBytes / r.sourceBytes).toFixed(2),
    'rss+': mb(r.rssBytes),
    'rss/source': (r.rssBytes / r.sourceBytes).toFixed(2),
    'matrix ms': r.matrixMs.toFixed(0),
    classes: r.matrixClasses,
  }));
  console.table(rows);
  const kb = (x: number | undefined) => (x === undefined ? '-' : mb(x * 1024));
  console.table(
    results.map((r) => ({
      shape: r.shape,
      pods: r.pods,
      workloads: r.workloads,
      services: r.services,
      policies: r.policies,
      misspelt: r.misspellings,
      'bare ms': r.bareMs.toFixed(0),
      'check ms': r.cliMs.toFixed(0),
      'check/bare': (r.cliMs / r.bareMs).toFixed(2),
      'bare once ms': r.bareOnceMs.toFixed(0),
      'check/bare once': (r.cliMs / r.bareOnceMs).toFixed(2),
      'check by workers': r.cliWorkerShare === undefined ? '-' : `${Math.round(r.cliWorkerShare * 100)}%`,
      'lsp ms': r.lspMs.toFixed(0),
      'lsp/bare': (r.lspMs / r.bareMs).toFixed(2),
      'lsp/bare once': (r.lspMs / r.bareOnceMs).toFixed(2),
      'lsp diags': r.lspDiagnostics,
      'checks ms': r.checksMs.toFixed(0),
      'lints ms': r.lintsMs.toFixed(0),
      'check+lints ms': r.cliLintsMs.toFixed(0),
      'check+lints/bare': (r.cliLintsMs / r.bareMs).toFixed(2),
      'lsp+lints ms': r.lspLintsMs.toFixed(0),
      'lsp+lints/bare': (r.lspLintsMs / r.bareMs).toFixed(2),
      'key policy cpu ms': r.keystrokePolicyCpuMs.toFixed(2),
      'key workload cpu ms': r.keystrokeWorkloadCpuMs.toFixed(2),
      'server recheck workload': `${r.recheck.workloadFiles} files ${r.recheck.workloadCpuMs.toFixed(1)} ms`,
      'server recheck policy': `${r.recheck.policyFiles} files ${r.recheck.policyCpuMs.toFixed(1)} ms`,
      'bare rss': kb(r.bareRssKb),
      'check rss': kb(r.cliRssKb),
      'index rss+': mb(r.rssBytes),
    })),
  );
  const byShape = (shape: Shape) => results.filter((r) => r.shape === shape);
  const keystrokeGrowth = Object.fromEntries(
    SHAPES.map((shape) => {
      const rs = byShape(shape);
      const a = rs[0];
      const b = rs[rs.length - 1];
      const growth = (x: (r: SizeResult) => number) => a && +(x(b) / x(a)).toFixed(2);
      return [shape, { from: a?.pods, to: b?.pods, policyCpu: growth((r) => r.keystrokePolicyCpuMs), workloadCpu: growth((r) => r.keystrokeWorkloadCpuMs), policyWall: growth((r) => r.keystrokePolicyMs), workloadWall: growth((r) => r.keystrokeWorkloadMs) }];
    }),
  );
  console.log('keystroke (median CPU and wall), largest over smallest size', JSON.stringify(keystrokeGrowth));
  const key = (r: SizeResult) => `${r.shape}/${r.pods}`;
  const ratios = {
    checkOverBare: Object.fromEntries(results.map((r) => [key(r), +(r.cliMs / r.bareMs).toFixed(2)])),
    checkOverBareOnce: Object.fromEntries(results.map((r) => [key(r), +(r.cliMs / r.bareOnceMs).toFixed(2)])),
    lspOverBareOnce: Object.fromEntries(results.map((r) => [key(r), +(r.lspMs / r.bareOnceMs).toFixed(2)])),
    checkWithLintsOverBare: Object.fromEntries(results.map((r) => [key(r), +(r.cliLintsMs / r.bareMs).toFixed(2)])),
    lintsMs: Object.fromEntries(results.map((r) => [key(r), +r.lintsMs.toFixed(0)])),
    lspOverBare: Object.fromEntries(results.map((r) => [key(r), +(r.lspMs / r.bareMs).toFixed(2)])),
    lspWithLintsOverBare: Object.fromEntries(results.map((r) => [key(r), +(r.lspLintsMs / r.bareMs).toFixed(2)])),
    keystrokeGrowth,
    coldOverFloor: Object.fromEntries(results.map((r) => [key(r), +(r.coldMs / r.floorMs).toFixed(2)])),
    coldOverFloorCpu: Object.fromEntries(results.map((r) => [key(r), +(r.coldCpuMs / r.floorCpuMs).toFixed(2)])),
    rssOverSource: Object.fromEntries(results.map((r) => [key(r), +(r.rssBytes / r.sourceBytes).toFixed(2)])),
    heapOverSource: Object.fromEntries(results.map((r) => [key(r), +(r.heapBytes / r.sourceBytes).toFixed(2)])),
    matrixMs: Object.fromEntries(results.map((r) => [key(r), +r.matrixMs.toFixed(0)])),
  };
  console.log('ratios', JSON.stringify(ratios, null, 2));
  const outDir = path.resolve(__dirname, '../../../test-output');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results, ratios, graph }, null, 2));
  console.log(`wrote ${path.join(outDir, 'bench.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
