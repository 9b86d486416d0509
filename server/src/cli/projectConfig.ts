// The project config for a CLI run: `--config FILE`, or `.netpol.yaml` found
// upward from the first PATH argument (one config per run, as one index is
// built: other arguments under another config get a note). Its findings are
// reported like a file's; a config that cannot be used at all is a usage error.
import * as fs from 'fs';
import * as path from 'path';
import type { ClusterConfig } from '../core/cluster/types';
import { findConfigFile } from '../core/config/find';
import { ConfigParseResult, INVALID_CONFIG, parseConfig } from '../core/config/parse';
import type { NetpolConfig, RuleLevel } from '../core/config/types';
import { applyRuleLevels } from '../core/ruleLevels';
import { applySuppressions } from '../core/suppressions';
import { withoutBom } from '../core/yaml/bom';
import type { CheckedFile } from './analyzeFiles';
import { UsageError } from './exitCodes';
import { byPosition } from './analyzeFiles';
import { formatText } from './format/text';
import { uriOf } from './loadIndex';
import { defaultRules } from '../core/ruleRegistry';

export interface ProjectConfig {
  config: NetpolConfig;
  /** Absent when no config file was given or found. */
  file?: {
    absPath: string;
    /** Relative to cwd, as file paths are printed. */
    displayPath: string;
    parsed: ConfigParseResult;
  };
  /** For stderr. */
  notes: string[];
}

const NODE_FS = {
  isFile: (p: string) => statOf(p)?.isFile() === true,
  exists: (p: string) => statOf(p) !== undefined,
};

/** Reads the config; throws UsageError when `--config` names no readable file. */
export function loadProjectConfig(paths: readonly string[], cwd: string, explicit: string | undefined): ProjectConfig {
  const notes: string[] = [];
  let absPath: string | undefined;
  if (explicit !== undefined) {
    absPath = path.resolve(cwd, explicit);
    if (!NODE_FS.isFile(absPath)) throw new UsageError(`--config ${explicit}: no such file`);
  } else if (paths.length > 0) {
    absPath = findConfigFile(searchStart(path.resolve(cwd, paths[0])), NODE_FS);
    for (const other of paths.slice(1)) {
      const theirs = findConfigFile(searchStart(path.resolve(cwd, other)), NODE_FS);
      if (theirs !== undefined && theirs !== absPath) {
        notes.push(`note: ${display(theirs, cwd)} is not used for ${other}: a run reads one config, the one of its first path${absPath ? ` (${display(absPath, cwd)})` : ''}; pass --config to choose`);
      }
    }
  }
  if (absPath === undefined) return { config: {}, notes };
  let text: string;
  try {
    text = withoutBom(fs.readFileSync(absPath, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${display(absPath, cwd)}: ${(e as Error).message}`);
  }
  const knownRuleIds = [...defaultRules().all().map((r) => r.id)];
  if (!knownRuleIds.includes(INVALID_CONFIG)) knownRuleIds.push(INVALID_CONFIG);
  const parsed = parseConfig(text, { knownRuleIds });
  return { config: parsed.config, file: { absPath, displayPath: display(absPath, cwd), parsed }, notes };
}

/** A file's folder, or the folder itself. */
function searchStart(absPath: string): string {
  return statOf(absPath)?.isDirectory() ? absPath : path.dirname(absPath);
}

function display(absPath: string, cwd: string): string {
  return path.relative(cwd, absPath) || path.basename(absPath);
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** What a run uses: built-in defaults < the config file < the command line. */
export interface RunSettings {
  defaultNamespace: string;
  strictCidr: boolean;
  rules: Record<string, RuleLevel>;
  exclude?: { root: string; globs: readonly string[] };
  cluster: { config?: ClusterConfig; uri?: string };
}

export interface Flags {
  defaultNamespace?: string;
  /** `--strict-cidr` / `--lenient-cidr`; undefined when neither was given. */
  strictCidr?: boolean;
}

export function runSettings(project: ProjectConfig, flags: Flags, cwd: string): RunSettings {
  const { config, file } = project;
  const configDir = file ? path.dirname(file.absPath) : cwd;
  return {
    defaultNamespace: flags.defaultNamespace ?? config.defaultNamespace ?? 'default',
    strictCidr: flags.strictCidr ?? config.strictCidr ?? true,
    rules: config.rules ?? {},
    exclude: config.exclude && config.exclude.length > 0 ? { root: configDir, globs: config.exclude } : undefined,
    cluster: { config: config.cluster, uri: file ? uriOf(file.absPath, cwd) : undefined },
  };
}

/** The config's findings as a checked file (rule levels and disable comments applied), or undefined without a config. */
export function configAsCheckedFile(project: ProjectConfig, rules: Readonly<Record<string, RuleLevel>>): CheckedFile | undefined {
  const file = project.file;
  if (!file) return undefined;
  const { text, lines, findings } = file.parsed;
  const shown = applyRuleLevels(applySuppressions(findings, text, lines), rules).sort(byPosition);
  return { absPath: file.absPath, displayPath: file.displayPath, text, lines, findings: shown };
}

/**
 * For the commands that print no findings (matrix, explain): the config's
 * findings on stderr, then a usage error if the config cannot be used.
 */
export function reportConfigToStderr(project: ProjectConfig, err: (s: string) => void): void {
  for (const note of project.notes) err(`${note}\n`);
  const checked = configAsCheckedFile(project, project.config.rules ?? {});
  if (checked) err(formatText([checked]));
  failIfUnusable(project);
}

export function failIfUnusable(project: ProjectConfig): void {
  if (project.file && !project.file.parsed.usable) throw new UsageError(`${project.file.displayPath}: the config cannot be used (see the errors above)`);
}
