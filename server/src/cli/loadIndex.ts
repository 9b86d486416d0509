// Reads the CLI's input files into one workspace index, as the language server
// indexes a workspace, plus the kustomization beside each file: it sets the
// namespace of its folder even when not named itself (and `Kustomization` has
// no .yaml extension for the folder walk). `check`, `matrix` and `explain`
// all start here, so they resolve namespaces alike. The files are analysed
// on every core (parallel/pool.ts) and installed in this order, so the index
// is the one a serial run builds.
import * as fs from 'fs';
import * as path from 'path';
import type { AnalyzeOptions } from '../core/analyze';
import { buildClusterModel } from '../core/cluster/build';
import type { ClusterConfig } from '../core/cluster/types';
import { isKustomizationPath, KUSTOMIZATION_NAMES, WorkspaceIndex } from '../core/index';
import { withoutBom } from '../core/yaml/bom';
import { isJsonManifest } from '../core/json';
import { InputFile, STDIN_NAME } from './files';
import { analyseInOrder, LoadJob, PoolStats } from './parallel/pool';
import { Jobs, workerCount } from './parallel/jobs';

export interface LoadedFile {
  absPath: string;
  /** The index key: the path relative to cwd with `/` separators. */
  uri: string;
  /** The text as indexed (BOM dropped); absent when the file could not be read. */
  text?: string;
  readError?: string;
}

export interface LoadedIndex {
  index: WorkspaceIndex;
  /** One per input file, in order. */
  inputs: LoadedFile[];
  /** Kustomization files read beside the inputs without being named. */
  kustomizations: LoadedFile[];
  /** Who analysed what (worker threads, main thread). */
  stats: PoolStats;
}

export interface LoadOptions {
  cwd: string;
  defaultNamespace?: string;
  analyze?: AnalyzeOptions;
  /** The `cluster:` section of the project config, and the config's index key (for links). */
  cluster?: { config?: ClusterConfig; uri?: string };
  /** Threads analysing the files, the main thread included (`--jobs`); default: see parallel/jobs.ts. */
  jobs?: Jobs;
}

/** Every file analysed on this thread, for callers that cannot wait (tests); otherwise the same index as loadIndex. */
export function loadIndexSerially(files: readonly InputFile[], options: LoadOptions): LoadedIndex {
  const { index, inputs, kustomizations, jobs } = readInputs(files, options);
  for (const job of jobs) index.setFile(job.uri, job.text, job.options);
  return { index, inputs, kustomizations, stats: { byWorkers: 0, byMain: jobs.length, retried: 0, workersLost: 0 } };
}

export async function loadIndex(files: readonly InputFile[], options: LoadOptions): Promise<LoadedIndex> {
  const { index, inputs, kustomizations, jobs } = readInputs(files, options);
  const chars = jobs.reduce((n, j) => n + j.text.length, 0);
  const stats = await analyseInOrder(
    jobs,
    {
      analyseHere: (job) => index.setFile(job.uri, job.text, job.options),
      installAnalysed: (job, analysis) => index.setFileAnalysed(job.uri, job.text, job.options, analysis),
    },
    { workers: workerCount(options.jobs, chars) },
  );
  // For the benchmark and the tests: who analysed what.
  if (process.env.NETPOL_JOBS_STATS === '1') process.stderr.write(`netpol: jobs ${JSON.stringify(stats)}\n`);
  return { index, inputs, kustomizations, stats };
}

/** The files read, in the order they are set into the index (inputs, then kustomizations beside them). */
function readInputs(files: readonly InputFile[], options: LoadOptions): Omit<LoadedIndex, 'stats'> & { jobs: LoadJob[] } {
  const index = new WorkspaceIndex({ defaultNamespace: options.defaultNamespace || 'default' });
  // The built-in model applies without a config too: kube-system and the cluster DNS exist in every cluster.
  index.setClusterModel(buildClusterModel(options.cluster?.config), options.cluster?.uri);
  const jobs: LoadJob[] = [];
  const loadStdin = (raw: string): LoadedFile => {
    const text = withoutBom(raw);
    // `kubectl get ... -o json |`: read as JSON (kubectl's syntax errors) when it is a JSON object.
    const language = isJsonManifest(text) ? { language: 'json' as const } : {};
    jobs.push({ uri: STDIN_NAME, text, options: { ...options.analyze, path: STDIN_NAME, ...language } });
    return { absPath: STDIN_NAME, uri: STDIN_NAME, text };
  };
  const load = (absPath: string, displayPath: string): LoadedFile => {
    const uri = uriOf(absPath, options.cwd);
    const read = readText(absPath);
    // Kustomizations are analysed on the main thread: the index reads their namespace from the YAML tree, which workers do not send.
    if (read.text !== undefined) jobs.push({ uri, text: read.text, options: { ...options.analyze, path: displayPath }, ...(isKustomizationPath(uri) ? { mainOnly: true } : {}) });
    return { absPath, uri, ...read };
  };
  const inputs = files.map((f) => (f.stdin ? loadStdin(f.stdin.text) : load(f.absPath, f.displayPath)));
  // Standard input has no folder: no kustomization beside it, its objects land in the default namespace.
  const onDisk = files.filter((f) => !f.stdin);
  const named = new Set(onDisk.map((f) => f.absPath));
  const kustomizations: LoadedFile[] = [];
  for (const folder of new Set(onDisk.map((f) => path.dirname(f.absPath)))) {
    for (const name of KUSTOMIZATION_NAMES) {
      const absPath = path.join(folder, name);
      if (!named.has(absPath) && isFile(absPath)) kustomizations.push(load(absPath, path.relative(options.cwd, absPath) || name));
    }
  }
  return { index, inputs, kustomizations, jobs };
}

/**
 * Files are keyed by their path relative to cwd, so workload ids in the JSON
 * output do not depend on where the repository lives; with `/` separators,
 * as the index splits folders on `/`.
 */
export function uriOf(absPath: string, cwd: string): string {
  return (path.relative(cwd, absPath) || path.basename(absPath)).split(path.sep).join('/');
}

function readText(absPath: string): { text?: string; readError?: string } {
  try {
    return { text: withoutBom(fs.readFileSync(absPath, 'utf8')) };
  } catch (e) {
    return { readError: (e as Error).message };
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
