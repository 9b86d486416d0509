// `netpol matrix PATH...`: who can reach whom. Every workload against every
// other (sources as rows, destinations as columns) plus "outside the
// cluster", with what is allowed: all, none, or the ports. Workloads of the
// cluster model join when declared in the config, or (the DNS pods) when a
// selector picks them out, so a repository without DNS rules keeps its matrix.
import { Command, Option } from 'commander';
import type { CliCommand, CommandContext } from '../command';
import { computeMatrix, EndpointError, MatrixEndpoint, parseAddress } from '../../core/policy/engine';
import { EXIT_OK, UsageError } from '../exitCodes';
import { formatMatrixCsv } from '../format/matrixCsv';
import { formatMatrixJson } from '../format/matrixJson';
import { formatMatrixMarkdown } from '../format/matrixMarkdown';
import { MatrixProbe, matrixTable } from '../format/matrixTable';
import { formatMatrixText } from '../format/matrixText';
import { parsePortNumber, parseProtocol } from '../probeArgs';
import { loadWorkspace } from '../workspace';

type Format = 'text' | 'json' | 'csv' | 'md';

interface MatrixOptions {
  format: Format;
  outside: string;
  port?: string;
  protocol?: string;
  width?: string;
  defaultNamespace?: string;
  config?: string;
}

export const matrixCommand: CliCommand = {
  name: 'matrix',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('matrix')
      .description('print who can reach whom: every workload against every other, and outside the cluster')
      .argument('<path...>', 'YAML or JSON files, or directories (searched recursively for *.yaml, *.yml and the *.json files that hold Kubernetes objects); - reads standard input')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'csv', 'md']).default('text'))
      .option('--outside <address>', 'the "outside" row and column: any (any address that is no pod IP), one IP address, or none', 'any')
      .option('--port <port>', 'probe one port: each cell is allowed or denied')
      .option('--protocol <protocol>', 'protocol of --port: TCP (default), UDP or SCTP')
      .option('--width <columns>', 'text: wrap the table to this width (default: the terminal width, no limit when not a terminal; 0: no limit)')
      .option('--default-namespace <ns>', 'namespace of objects that name none (and no kustomization.yaml sets one); default: the config\'s defaultNamespace, else "default"')
      .option('--config <file>', 'project config (default: .netpol.yaml or .netpol.yml found upward from the first path, up to the repository root)')
      .addHelpText(
        'after',
        [
          '',
          'Cells: all (every port of every protocol), none, or the allowed ports',
          '(TCP 3306, TCP 8000-8080, ...). A workload to itself is loopback: all.',
          'Rows and columns are ns/name, or ns/KIND/name when two kinds share a name.',
          'Cluster dumps: pods with ownerReferences are one row per controller,',
          'ns/name[Kind] ({k=v} when its pods\' labels differ), with the pod count.',
          'Workloads of the cluster model (not in the files) are marked [cluster]: the',
          'cluster DNS when a selector picks it out, and those .netpol.yaml declares.',
          'A table wider than --width turns compact: numbered rows grouped by',
          'namespace, numbered columns, long cells as footnotes.',
          '',
          'JSON: {"outside": "any" | IP | false, "endpoints": [{key, kind, workloadId,',
          'workloadKind, namespace, name, pods?, cluster?}], "matrix": {FROM: {TO: "all" | "none" |',
          '["TCP 3306", ...]}}}; with --port also "probe" and each cell true or false.',
          '',
          'Exit codes: 0 printed, 2 usage error.',
          '',
          'Examples:',
          '  netpol matrix k8s/',
          '  netpol matrix --format md k8s/ > reachability.md',
          '  netpol matrix --port 5432 --outside none k8s/',
          '  netpol matrix --format json --outside 203.0.113.7 k8s/ | jq .matrix',
        ].join('\n'),
      )
      .action((paths: string[], options: MatrixOptions) => runMatrix(paths, options, ctx));
  },
};

function runMatrix(paths: string[], options: MatrixOptions, ctx: CommandContext): void {
  const { io } = ctx;
  const outside = parseOutside(options.outside);
  const protocol = parseProtocol(options.protocol);
  if (protocol && options.port === undefined) throw new UsageError('--protocol needs --port (without it every cell lists the ports of every protocol)');
  const probe: MatrixProbe | undefined = options.port === undefined ? undefined : { protocol: protocol ?? 'TCP', port: parsePortNumber(options.port) };
  const width = parseWidth(options.width);
  const ws = loadWorkspace(paths, { cwd: io.cwd, defaultNamespace: options.defaultNamespace, config: options.config, err: io.err, clusterWorkloads: 'referenced', readStdin: io.readStdin });
  const clusterOf = (id: string) => ws.cluster.get(id);
  for (const note of ws.notes) io.err(`${note}\n`);
  let matrix;
  try {
    matrix = computeMatrix(ws.input, { outside });
  } catch (e) {
    if (e instanceof EndpointError) throw new UsageError(e.message);
    throw e;
  }
  if (matrix.endpoints.every((e) => e.kind === 'outside')) io.err('note: the files hold no workloads\n');
  switch (options.format) {
    case 'json':
      io.out(formatMatrixJson(matrix, probe, clusterOf));
      break;
    case 'csv':
      io.out(formatMatrixCsv(matrixTable(matrix, probe, clusterOf)));
      break;
    case 'md':
      io.out(formatMatrixMarkdown(matrixTable(matrix, probe, clusterOf)));
      break;
    default:
      io.out(formatMatrixText(matrixTable(matrix, probe, clusterOf), { width }));
      io.out(podCounts(matrix.endpoints));
  }
  ctx.setExitCode(EXIT_OK);
}

/** Cluster dumps: how many pods each controller's row stands for (nothing for manifests). */
function podCounts(endpoints: readonly MatrixEndpoint[]): string {
  const grouped = endpoints.filter((e) => e.pods !== undefined);
  if (grouped.length === 0) return '';
  return `\npods: ${grouped.map((e) => `${e.key} ${e.pods}`).join(', ')}\n`;
}

function parseOutside(text: string): 'any' | string | false {
  if (text === 'any') return 'any';
  if (text === 'none') return false;
  if (!parseAddress(text)) throw new UsageError(`--outside ${text}: expected any, none, or an IP address`);
  return text;
}

function parseWidth(text: string | undefined): number {
  if (text === undefined) return process.stdout.isTTY ? process.stdout.columns ?? 0 : 0;
  if (!/^\d+$/.test(text)) throw new UsageError(`--width ${text} is not a number of columns`);
  return Number(text);
}
