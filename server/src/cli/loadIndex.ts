// Reads the CLI's input files into one workspace index, as the language server
// indexes a workspace, plus the kustomization beside each file: it sets the
// namespace of its folder even when not named itself (and `Kustomization` has
// no .yaml extension for the folder walk). `check`, `matrix` and `explain`
// all start here, so they resolve namespaces alike.
import * as fs from 'fs';
import * as path from 'path';
import type { AnalyzeOptions } from '../core/analyze';
import { buildClusterModel } from '../core/cluster/build';
import type { ClusterConfig } from '../core/cluster/types';
import { KUSTOMIZATION_NAMES, WorkspaceIndex } from '../core/index';
import { withoutBom } from '../core/yaml/bom';
import { isJsonManifest } from '../core/json';
import { InputFile, STDIN_NAME } from './files';

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
}

export interface LoadOptions {
  cwd: string;
  defaultNamespace?: string;
  analyze?: AnalyzeOptions;
  /** The `cluster:` section of the project config, and the config's index key (for links). */
  cluster?: { config?: ClusterConfig; uri?: string };
}

export function loadIndex(files: readonly InputFile[], options: LoadOptions): LoadedIndex {
  const index = new WorkspaceIndex({ defaultNamespace: options.defaultNamespace || 'default' });
  // The built-in model applies without a config too: kube-system and the cluster DNS exist in every cluster.
  index.setClusterModel(buildClusterModel(options.cluster?.config), options.cluster?.uri);
  const loadStdin = (raw: string): LoadedFile => {
    const text = withoutBom(raw);
    // `kubectl get ... -o json |`: read as JSON (kubectl's syntax errors) when it is a JSON object.
    const language = isJsonManifest(text) ? { language: 'json' as const } : {};
    index.setFile(STDIN_NAME, text, { ...options.analyze, path: STDIN_NAME, ...language });
    return { absPath: STDIN_NAME, uri: STDIN_NAME, text };
  };
  const load = (absPath: string, displayPath: string): LoadedFile => {
    const uri = uriOf(absPath, options.cwd);
    const read = readText(absPath);
    if (read.text !== undefined) index.setFile(uri, read.text, { ...options.analyze, path: displayPath });
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
  return { index, inputs, kustomizations };
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
