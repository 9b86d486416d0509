// `npm run bench`: generates workspaces of 1k, 10k and 100k pods and measures,
// in one process: the YAML floor, the cold index with every policy's
// diagnostics (wall and process CPU time: on a shared machine compare the
// ratios, they are steadier than the times), keystrokes and the connectivity
// matrix; memory in a fresh child process per size. Prints a table and
// writes test-output/bench.json. BENCH_SIZES=1000,10000 to choose sizes.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { runIndexChecks } from '../../server/src/core/checks';
import { engineInputFrom } from '../../server/src/core/index/engineInput';
import { computeMatrix } from '../../server/src/core/policy/engine';
import { generateWorkspace, GeneratedWorkspace } from './generate';
import { mb, median, memory, time } from './measure';

interface SizeResult {
  pods: number;
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
  heapBytes: number;
  rssBytes: number;
  matrixMs: number;
  matrixClasses: number;
}

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

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
function keystrokeInPolicy(index: WorkspaceIndex, run: number): number {
  const uri = policyFiles(index)[0];
  const text = index.getFile(uri)!.text;
  const edited = text.replace('port:', `port:${' '.repeat(run + 1)}`);
  return time(() => {
    index.setFile(uri, edited);
    runIndexChecks(index, uri);
  }).ms;
}

/**
 * A label edit in a workload that many policies select: re-analyse its file,
 * then recompute the diagnostics of every policy file of its namespace (what
 * the server refreshes for open policies).
 */
function keystrokeInWorkload(index: WorkspaceIndex, run: number): number {
  const policy = index.allPolicies()[0];
  const target = [...index.workloadsIn(policy.namespace).values()][0];
  const text = index.getFile(target.uri)!.text;
  const edited = text.replace('tier: ', `tier: x${run}`);
  const affected = [...new Set([...index.policiesIn(policy.namespace).values()].map((p) => p.uri))];
  return time(() => {
    index.setFile(target.uri, edited);
    for (const uri of affected) runIndexChecks(index, uri);
  }).ms;
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

let warmedUp = false;

function benchSize(pods: number, root: string): SizeResult {
  const ws = generateWorkspace(path.join(root, `ws-${pods}`), pods);
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
  const kp: number[] = [];
  const kw: number[] = [];
  // Many short runs: a median of few is at the mercy of one garbage collection.
  for (let r = 0; r < Math.max(11, RUNS); r++) {
    kp.push(keystrokeInPolicy(index, r));
    kw.push(keystrokeInWorkload(index, r));
  }
  const matrix = time(() => computeMatrix(engineInputFrom(index)));
  return {
    pods: ws.pods,
    workloads: ws.workloads,
    policies: ws.policies,
    files: ws.files.length,
    sourceBytes: ws.bytes,
    floorMs: median(floors),
    coldMs: median(colds),
    floorCpuMs: median(floorCpus),
    coldCpuMs: median(coldCpus),
    keystrokePolicyMs: median(kp),
    keystrokeWorkloadMs: median(kw),
    heapBytes: mem.heap,
    rssBytes: mem.rss,
    matrixMs: matrix.ms,
    matrixClasses: matrix.value.engine.classes.length,
  };
}

function main(): void {
  if (process.env.BENCH_MEMORY_OF) return memoryPass(process.env.BENCH_MEMORY_OF);
  if (!(globalThis as { gc?: unknown }).gc) console.warn('note: run with --expose-gc for accurate memory numbers');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const size of SIZES) {
      const r = benchSize(size, root);
      results.push(r);
      console.log(`done ${size} pods: cold ${r.coldMs.toFixed(0)} ms`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const rows = results.map((r) => ({
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
  const first = results[0];
  const last = results[results.length - 1];
  const ratios = {
    coldOverFloor: Object.fromEntries(results.map((r) => [r.pods, +(r.coldMs / r.floorMs).toFixed(2)])),
    coldOverFloorCpu: Object.fromEntries(results.map((r) => [r.pods, +(r.coldCpuMs / r.floorCpuMs).toFixed(2)])),
    keystrokePolicyLargestOverSmallest: +(last.keystrokePolicyMs / first.keystrokePolicyMs).toFixed(2),
    keystrokeWorkloadLargestOverSmallest: +(last.keystrokeWorkloadMs / first.keystrokeWorkloadMs).toFixed(2),
    rssOverSource: Object.fromEntries(results.map((r) => [r.pods, +(r.rssBytes / r.sourceBytes).toFixed(2)])),
    heapOverSource: Object.fromEntries(results.map((r) => [r.pods, +(r.heapBytes / r.sourceBytes).toFixed(2)])),
    matrixMs: Object.fromEntries(results.map((r) => [r.pods, +r.matrixMs.toFixed(0)])),
  };
  console.log('ratios', JSON.stringify(ratios, null, 2));
  const outDir = path.resolve(__dirname, '../../../test-output');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results, ratios }, null, 2));
  console.log(`wrote ${path.join(outDir, 'bench.json')}`);
}

main();
