// `netpol diff [PATH...] --base REV [--head REV] [--merge-base]` and
// `netpol diff DIR_A DIR_B`: which connections a change opens and closes,
// with the rules responsible. Exit 0 when it ran, whatever it found; with
// --fail-on, 1 when such a change exists; 2 for usage and git errors.
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import type { CliCommand, CommandContext } from '../command';
import { diffGraph } from '../../core/diff';
import type { ConnectivityGraph } from '../../core/graph';
import { buildDiffReport, DiffReport, diffOfSides } from '../diffReport';
import { DiffSides, loadFolderSides, loadRevisionSides } from '../diffSources';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../exitCodes';
import { formatDiffJson } from '../format/diffJson';
import { formatDiffMarkdown } from '../format/diffMarkdown';
import { formatDiffSarif } from '../format/diffSarif';
import { formatDiffText, sideName } from '../format/diffText';
import { formatGraphDot } from '../format/graphDot';
import { formatGraphHtml } from '../format/graphHtml';
import { formatGraphSvg } from '../format/graphSvg';

const FORMATS = ['text', 'md', 'json', 'sarif', 'dot', 'svg', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface DiffOptions {
  base?: string;
  head?: string;
  mergeBase?: boolean;
  dir1?: string;
  dir2?: string;
  format: Format;
  output?: string;
  failOn?: 'widened' | 'any';
  defaultNamespace?: string;
  config?: string;
}

export const diffCommand: CliCommand = {
  name: 'diff',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('diff')
      .description('compare connectivity: PATHs at a git revision against the work tree (or another revision), or two folders')
      .argument('[path...]', 'with --base: files or folders to compare (default .); without: two folders DIR_A DIR_B')
      .option('--base <rev>', 'git revision to compare against (branch, tag, commit, HEAD~1, ...)')
      .option('--head <rev>', 'git revision to compare (default: the work tree, untracked files included)')
      .option('--merge-base', 'compare the merge base of --base and --head (or HEAD) instead of --base itself, as a pull request does')
      .option('--dir1 <dir>', 'first folder (as netpol-analyzer diff --dir1)')
      .option('--dir2 <dir>', 'second folder (as netpol-analyzer diff --dir2)')
      .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('text'))
      .option('-o, --output <file>', 'write the report to FILE instead of standard output')
      .addOption(new Option('--fail-on <what>', 'exit 1 when a change widens a connection (widened) or when anything changed (any)').choices(['widened', 'any']))
      .option('--default-namespace <ns>', 'namespace of objects that name none (default: the config\'s defaultNamespace, else "default")')
      .option('--config <file>', 'project config (default: .netpol.yaml found upward from the first path; at each revision its own)')
      .addHelpText(
        'after',
        [
          '',
          'Each row is an ordered pair of endpoints (workloads of either side, outside,',
          'and the ipBlocks either side names, cut into common pieces) whose allowed',
          'ports differ: added (nothing before), removed (nothing after) or changed,',
          'with the delta (+TCP 8080 -UDP 53) and the rules that allow it: head rules',
          'for what was gained, base rules for what was lost. Workloads are the same',
          'on both sides when namespace, kind and name agree (moving a file is no change).',
          '',
          'JSON: {"base": REV|DIR, "head": REV|DIR|"working tree", "changes": [{change, from, to,',
          'before, after ("all" | "none" | ["TCP 3306", ...]), widens, narrows, rules, delta, ...}]}.',
          'md: a pull-request comment (with the hidden marker <!-- netpol-diff -->, under',
          "GitHub's 65,536 characters). sarif: one result per widened connection.",
          'dot, svg, html: the changed connections as a picture (the connectivity view\'s',
          'renderer): added green, removed red dashed, changed magenta `NEW (was: OLD)`.',
          '',
          'Exit codes: 0 ran (whatever it found), 1 a change matching --fail-on, 2 usage or git error',
          '(a shallow clone without the base: fetch it, e.g. actions/checkout with fetch-depth: 0).',
          '',
          'Examples:',
          '  netpol diff --base main k8s/',
          '  netpol diff --base origin/main --merge-base --format md -o diff.md',
          '  netpol diff --base HEAD~1 --head HEAD --fail-on widened',
          '  netpol diff old-manifests/ new-manifests/',
        ].join('\n'),
      )
      .action((paths: string[], options: DiffOptions) => runDiff(paths, options, ctx));
  },
};

async function runDiff(paths: string[], options: DiffOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const sides = await loadSides(paths, options, ctx);
  for (const side of [sides.base, sides.head]) for (const note of side.workspace.notes) io.err(`${side.name}: ${note}\n`);
  const diff = diffOfSides(sides);
  const report = buildDiffReport(sides, diff);
  const text = render(report, options.format, io.cwd, () => diffGraph(diff));
  if (options.output !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.output), text);
    } catch (e) {
      throw new UsageError(`cannot write ${options.output}: ${(e as Error).message}`);
    }
  } else io.out(text);
  const failing = options.failOn === 'any' ? report.changes.length > 0 : options.failOn === 'widened' ? report.changes.some((c) => c.widens) : false;
  ctx.setExitCode(failing ? EXIT_FINDINGS : EXIT_OK);
}

async function loadSides(paths: string[], options: DiffOptions, ctx: CommandContext): Promise<DiffSides> {
  const load = { cwd: ctx.io.cwd, defaultNamespace: options.defaultNamespace, config: options.config, err: ctx.io.err };
  if (options.dir1 !== undefined || options.dir2 !== undefined) {
    if (options.dir1 === undefined || options.dir2 === undefined) throw new UsageError('--dir1 and --dir2 go together: give both folders');
    if (paths.length > 0 || options.base !== undefined) throw new UsageError('--dir1/--dir2 compare two folders: give no PATH and no --base');
    return loadFolderSides(folder(options.dir1, ctx), folder(options.dir2, ctx), load);
  }
  if (options.base === undefined) {
    if (options.head !== undefined || options.mergeBase) throw new UsageError(`${options.head !== undefined ? '--head' : '--merge-base'} needs --base REV`);
    if (paths.length !== 2) throw new UsageError('give --base REV to compare PATHs with a git revision, or two folders: netpol diff DIR_A DIR_B');
    return loadFolderSides(folder(paths[0], ctx), folder(paths[1], ctx), load);
  }
  return loadRevisionSides({ paths, base: options.base, head: options.head, mergeBase: options.mergeBase }, load);
}

function folder(dir: string, ctx: CommandContext): string {
  let isDir = false;
  try {
    isDir = fs.statSync(path.resolve(ctx.io.cwd, dir)).isDirectory();
  } catch {
    throw new UsageError(`no such folder: ${dir}`);
  }
  if (!isDir) throw new UsageError(`${dir} is not a folder (to compare a file with a git revision, pass --base REV)`);
  return dir;
}

function render(report: DiffReport, format: Format, cwd: string, graph: () => ConnectivityGraph): string {
  const title = `Connectivity changes: ${sideName(report.base, report.baseCommit)} → ${sideName(report.head, report.headCommit)}`;
  switch (format) {
    case 'dot':
      return formatGraphDot(graph());
    case 'svg':
      return formatGraphSvg(graph(), title);
    case 'html':
      return formatGraphHtml(graph(), { title });
    case 'json':
      return formatDiffJson(report);
    case 'md':
      return formatDiffMarkdown(report);
    case 'sarif':
      return formatDiffSarif(report, cwd);
    default:
      return formatDiffText(report);
  }
}
