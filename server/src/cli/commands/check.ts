// `netpol check PATH...`: validate manifests, print the findings, and exit
// non-zero when one is at or above `--fail-on`, for CI.
import * as fs from 'fs';
import { Command, Option } from 'commander';
import type { CliCommand, CommandContext } from '../command';
import { analyzeFiles, CheckedFile } from '../analyzeFiles';
import { collectYamlFiles, comparePaths } from '../files';
import { configAsCheckedFile, loadProjectConfig, runSettings } from '../projectConfig';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exitCodes';
import { failsAt, FailOn, FAIL_ON_CHOICES } from '../severity';
import { formatText } from '../format/text';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { defaultRules } from '../../core/ruleRegistry';
import { collectRuleFlag } from '../ruleFlags';
import { jobsFlag, jobsOption } from '../parallel/jobsFlag';
import type { RuleLevel } from '../../core/config/types';

type Format = 'text' | 'json' | 'sarif';

interface CheckOptions {
  format: Format;
  failOn: FailOn;
  strictCidr?: boolean;
  lenientCidr?: boolean;
  defaultNamespace?: string;
  config?: string;
  rule?: Record<string, RuleLevel>;
  jobs?: string;
}

export const checkCommand: CliCommand = {
  name: 'check',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('check')
      .description('validate NetworkPolicies (and the YAML around them) as the API server would')
      .argument('<path...>', 'YAML or JSON files, or directories (searched recursively for *.yaml, *.yml and the *.json files that hold Kubernetes objects); - reads standard input')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
      .addOption(new Option('--fail-on <severity>', 'exit with 1 when a finding of this severity or worse exists').choices([...FAIL_ON_CHOICES]).default('error'))
      .option('--strict-cidr', 'strict CIDR validation, the default (as the API server from Kubernetes 1.36)')
      .option('--lenient-cidr', 'lenient CIDR validation (before Kubernetes 1.36): ambiguous CIDRs are warnings, not errors')
      .option('--default-namespace <ns>', 'namespace of objects without metadata.namespace (and no kustomization namespace); default: the config\'s defaultNamespace, else "default"')
      .option('--config <file>', 'project config (default: .netpol.yaml or .netpol.yml found upward from the first path, up to the repository root)')
      .addOption(jobsFlag())
      .option('--rule <id=level>', 'a rule\'s severity (error, warning, information, hint) or off, over the config\'s rules:; repeatable; opt-in rules run when given a level', collectRuleFlag)
      .addHelpText(
        'after',
        [
          '',
          'Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error.',
          'A config file that cannot be used at all (a YAML error) also exits 2.',
          '',
          'Precedence: built-in defaults < the config file < these flags.',
          '',
          'Examples:',
          '  netpol check k8s/',
          '  netpol check --format sarif . > netpol.sarif',
          '  netpol check --fail-on warning deploy/policies.yaml',
          '  netpol check --rule workload-not-isolated=warning --rule namespace-has-no-workloads=off k8s/',
        ].join('\n'),
      )
      .action((paths: string[], options: CheckOptions) => runCheck(paths, options, ctx));
  },
};

async function runCheck(paths: string[], options: CheckOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const project = loadProjectConfig(paths, io.cwd, options.config);
  for (const note of project.notes) io.err(`${note}\n`);
  const strictCidr = options.lenientCidr === true ? false : options.strictCidr === true ? true : undefined;
  const settings = runSettings(project, { defaultNamespace: options.defaultNamespace, strictCidr }, io.cwd);
  const run = { ...settings, rules: { ...settings.rules, ...options.rule } };
  const inputs = collectYamlFiles(paths, io.cwd, { exclude: run.exclude, readStdin: io.readStdin });
  const analyzed = await analyzeFiles(inputs, { cwd: io.cwd, strictCidr: run.strictCidr, defaultNamespace: run.defaultNamespace, rules: run.rules, cluster: run.cluster, jobs: jobsOption(options.jobs) });
  const files = withConfigFindings(analyzed, configAsCheckedFile(project, run.rules));
  for (const file of files) {
    if (file.readError !== undefined) io.err(`${file.displayPath}: cannot read: ${file.readError}\n`);
    else if (file.skipped !== undefined && file.findings.length === 0) io.err(`${file.displayPath}: ${file.skipped}\n`);
    for (const note of file.notes ?? []) io.err(`${file.displayPath}: ${note}\n`);
  }
  switch (options.format) {
    case 'json':
      io.out(formatJson(files));
      break;
    case 'sarif':
      io.out(formatSarif(files, defaultRules(), io.cwd));
      break;
    default:
      io.out(formatText(files));
      io.err(summary(files) + '\n');
  }
  const unusableConfig = project.file !== undefined && !project.file.parsed.usable;
  const unreadable = unusableConfig || files.some((f) => f.readError !== undefined);
  const failing = files.some((f) => f.findings.some((x) => failsAt(x.severity, options.failOn)));
  ctx.setExitCode(unreadable ? EXIT_USAGE : failing ? EXIT_FINDINGS : EXIT_OK);
}

/**
 * The config's findings belong to the config file: they replace its entry
 * when the walk read it as a manifest (it holds no objects), or are added
 * when it has findings and was not checked itself.
 */
function withConfigFindings(files: CheckedFile[], config: CheckedFile | undefined): CheckedFile[] {
  if (!config) return files;
  const at = files.findIndex((f) => samePath(f.absPath, config.absPath));
  if (at >= 0) return files.map((f, i) => (i === at ? { ...f, findings: config.findings, skipped: undefined } : f));
  if (config.findings.length === 0) return files;
  return [...files, config].sort((a, b) => comparePaths(a.displayPath, b.displayPath));
}

function samePath(a: string, b: string): boolean {
  return a === b || realpath(a) === realpath(b);
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** `2 errors, 1 warning in 5 files (1 skipped)` */
export function summary(files: readonly CheckedFile[]): string {
  const count = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) for (const f of file.findings) count[f.severity]++;
  const parts = [plural(count.error, 'error'), plural(count.warning, 'warning')];
  if (count.information + count.hint > 0) parts.push(plural(count.information + count.hint, 'note'));
  const skipped = files.filter((f) => f.skipped !== undefined || f.readError !== undefined).length;
  return `${parts.join(', ')} in ${plural(files.length, 'file')}${skipped > 0 ? ` (${skipped} skipped)` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
