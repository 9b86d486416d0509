// PATH arguments -> the connectivity engine's input, through the same
// workspace index the language server uses, so namespaces resolve as in the
// editor: metadata.namespace, else the `namespace:` of a kustomization file in
// the object's folder, else --default-namespace. Files with errors still
// contribute their valid documents.
import * as path from 'path';
import type { OffsetRange } from '../core/findings';
import { engineInputFrom, EngineInputOptions } from '../core/index';
import type { EngineInput } from '../core/policy/engine';
import type { SourceLocation } from '../core/policy/engine/explainView';
import { applySuppressions } from '../core/suppressions';
import { UsageError } from './exitCodes';
import { collectYamlFiles, InputFile } from './files';
import { LoadedIndex, loadIndex, loadIndexSerially, LoadOptions } from './loadIndex';
import { loadProjectConfig, reportConfigToStderr, RunSettings, runSettings } from './projectConfig';
import { applyRuleLevels } from '../core/ruleLevels';
import type { Jobs } from './parallel/jobs';

export interface WorkspaceOptions {
  cwd: string;
  /** Default: the config's, else `default`. */
  defaultNamespace?: string;
  /** `--config FILE`; else `.netpol.yaml` found upward from the first path. */
  config?: string;
  /** Where the config's findings and notes go (stderr). */
  err: (text: string) => void;
  /** Which cluster-model workloads the engine input holds (default all, see EngineInputOptions). */
  clusterWorkloads?: EngineInputOptions['clusterWorkloads'];
  /** For the PATH `-`. */
  readStdin?: () => string;
  /** `--jobs`: threads analysing the files. */
  jobs?: Jobs;
}

export interface Workspace {
  input: EngineInput;
  /** Workload id -> what it is (`cluster DNS`), for the input's workloads of the cluster model. */
  cluster: ReadonlyMap<string, string>;
  /** Notes for stderr: skipped files, and files with errors. */
  notes: string[];
  /** An engine uri and offsets -> file relative to cwd, 1-based line, 0-based range. */
  locate(uri: string | undefined, range: OffsetRange): SourceLocation | undefined;
}

export async function loadWorkspace(paths: readonly string[], options: WorkspaceOptions): Promise<Workspace> {
  const { files, load, rules } = prepare(paths, options);
  return workspaceOf(await loadIndex(files, load), rules, options);
}

/** The same workspace with every file analysed on this thread, for callers that cannot wait (tests). */
export function loadWorkspaceSerially(paths: readonly string[], options: WorkspaceOptions): Workspace {
  const { files, load, rules } = prepare(paths, options);
  return workspaceOf(loadIndexSerially(files, load), rules, options);
}

function prepare(paths: readonly string[], options: WorkspaceOptions): { files: InputFile[]; load: LoadOptions; rules: RunSettings['rules'] } {
  const project = loadProjectConfig(paths, options.cwd, options.config);
  reportConfigToStderr(project, options.err);
  const run = runSettings(project, { defaultNamespace: options.defaultNamespace }, options.cwd);
  // CIDRs as strict as `netpol check` reads them (the config decides): the notes agree with its counts.
  const load = { cwd: options.cwd, defaultNamespace: run.defaultNamespace, analyze: { strictCidr: run.strictCidr }, cluster: run.cluster, jobs: options.jobs };
  return { files: collectYamlFiles(paths, options.cwd, { exclude: run.exclude, readStdin: options.readStdin }), load, rules: run.rules };
}

function workspaceOf({ index, inputs, kustomizations }: LoadedIndex, rules: RunSettings['rules'], options: WorkspaceOptions): Workspace {
  const display = (uri: string): string => uri.split('/').join(path.sep);
  const notes: string[] = [];
  let errors = 0;
  let filesWithErrors = 0;
  for (const file of [...inputs, ...kustomizations]) {
    // A connectivity answer without one of the files would be wrong, not partial.
    if (file.text === undefined) throw new UsageError(`cannot read ${display(file.uri)}: ${file.readError}`);
    const { analysis } = index.getFile(file.uri)!;
    if (analysis.parsed.skipped) notes.push(`${display(file.uri)}: ${analysis.parsed.skipped.note}`);
    // Counted as `netpol check` counts them: after `# netpol-disable-...` comments.
    const n = applyRuleLevels(applySuppressions(analysis.findings, file.text, analysis.parsed.lines), rules).filter((f) => f.severity === 'error').length;
    errors += n;
    if (n > 0) filesWithErrors++;
  }
  if (errors > 0) {
    notes.push(`note: ${plural(errors, 'error')} in ${plural(filesWithErrors, 'file')} (see \`netpol check\`); values the API server would reject match nothing here`);
  }

  const input = engineInputFrom(index, { clusterWorkloads: options.clusterWorkloads });
  const cluster = new Map(index.clusterWorkloads().map((w) => [w.id, w.cluster!.description]));
  const locate = (uri: string | undefined, range: OffsetRange): SourceLocation | undefined => {
    const file = uri === undefined ? undefined : index.getFile(uri);
    if (!file) return undefined;
    const r = file.analysis.parsed.lines.rangeOf(range);
    return { file: display(file.uri), line: r.start.line + 1, range: r };
  };
  return { input, cluster, notes, locate };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
