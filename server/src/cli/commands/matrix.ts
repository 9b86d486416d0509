// `netpol matrix PATH...`: who can reach whom. Every workload against every
// other (sources as rows, destinations as columns) plus "outside the
// cluster", with what is allowed: all, none, or the ports. Workloads of the
// cluster model join when declared in the config, or (the DNS pods) when a
// selector picks them out, so a repository without DNS rules keeps its matrix.
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import type { CliCommand, CommandContext } from '../command';
import { addressSpace, buildGraph, findBlock, GraphOptions } from '../../core/graph';
import { compileEngine, computeMatrix, ConnectivityMatrix, EndpointError, MatrixEndpoint, parseAddress } from '../../core/policy/engine';
import { resolveEndpointArg } from '../../core/policy/engine/endpointArg';
import { EXIT_OK, UsageError } from '../exitCodes';
import { formatGraphDot } from '../format/graphDot';
import { formatGraphHtml } from '../format/graphHtml';
import { formatGraphMermaid } from '../format/graphMermaid';
import { formatGraphSvg } from '../format/graphSvg';
import { formatMatrixCsv } from '../format/matrixCsv';
import { formatMatrixJson } from '../format/matrixJson';
import { formatMatrixMarkdown } from '../format/matrixMarkdown';
import { MatrixProbe, matrixTable } from '../format/matrixTable';
import { formatMatrixText } from '../format/matrixText';
import { parsePortNumber, parseProtocol } from '../../core/policy/engine/probeArgs';
import { loadWorkspace } from '../workspace';
import { jobsFlag, jobsOption } from '../parallel/jobsFlag';

const FORMATS = ['text', 'json', 'csv', 'md', 'dot', 'svg', 'html', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];
const PICTURES: readonly Format[] = ['dot', 'svg', 'html', 'mermaid'];
const COLLAPSE = ['auto', 'all', 'none'] as const;

interface MatrixOptions {
  format: Format;
  output?: string;
  focus?: string;
  collapse: (typeof COLLAPSE)[number];
  expand?: string;
  namespace?: string;
  isolatedOnly?: boolean;
  outside: string;
  port?: string;
  protocol?: string;
  width?: string;
  defaultNamespace?: string;
  config?: string;
  jobs?: string;
}

export const matrixCommand: CliCommand = {
  name: 'matrix',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('matrix')
      .description('print who can reach whom: every workload against every other, and outside the cluster')
      .argument('<path...>', 'YAML or JSON files, or directories (searched recursively for *.yaml, *.yml and the *.json files that hold Kubernetes objects); - reads standard input')
      .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('text'))
      .option('-o, --output <file>', 'write to this file instead of standard output')
      .option('--focus <workload>', 'only this workload and its peers (ns/name, ns/Kind/name, name, ...; as explain takes them); pictures: only its arrows, and an ipBlock policies name may be the focus')
      .addOption(new Option('--collapse <mode>', 'pictures: one node per namespace (all), none, or auto: when more than 150 workloads are shown').choices([...COLLAPSE]).default('auto'))
      .option('--expand <namespaces>', 'pictures: comma-separated namespaces kept open when collapsing')
      .option('--namespace <namespaces>', 'pictures: only the workloads of these comma-separated namespaces')
      .option('--isolated-only', 'pictures: only workloads that some policy isolates')
      .option('--outside <address>', 'the "outside" row and column: any (any address that is no pod IP), one IP address, or none', 'any')
      .option('--port <port>', 'probe one port: each cell is allowed or denied')
      .option('--protocol <protocol>', 'protocol of --port: TCP (default), UDP or SCTP')
      .option('--width <columns>', 'text: wrap the table to this width (default: the terminal width, no limit when not a terminal; 0: no limit)')
      .option('--default-namespace <ns>', 'namespace of objects that name none (and no kustomization.yaml sets one); default: the config\'s defaultNamespace, else "default"')
      .addOption(jobsFlag())
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
          'Pictures: dot (Graphviz: one cluster per namespace, edge labels the port',
          'sets: All Connections, TCP 8080, TCP 80,443;UDP 53), svg (drawn without',
          'Graphviz, as the editor\'s view draws it), html (one self-contained file:',
          'the picture, zoom and pan, the matrix; no network access), mermaid (for',
          'Markdown). Denied pairs have no arrow. With --port, only arrows that allow it.',
          'The ipBlocks policies name are nodes beside outside (CIDR, except list),',
          'with arrows where some address of theirs (no pod IP) is allowed; outside is',
          'then every other address. dot edge tooltips and svg edge titles name the',
          'rules that allow each arrow (shop/db-policy ingress[0]).',
          '',
          'Exit codes: 0 printed, 2 usage error.',
          '',
          'Examples:',
          '  netpol matrix k8s/',
          '  netpol matrix --format md k8s/ > reachability.md',
          '  netpol matrix --port 5432 --outside none k8s/',
          '  netpol matrix --format json --outside 203.0.113.7 k8s/ | jq .matrix',
          '  netpol matrix --format svg -o reachability.svg k8s/',
          '  netpol matrix --format html --focus shop/db -o db.html k8s/',
        ].join('\n'),
      )
      .action((paths: string[], options: MatrixOptions) => runMatrix(paths, options, ctx));
  },
};

async function runMatrix(paths: string[], options: MatrixOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const outside = parseOutside(options.outside);
  const protocol = parseProtocol(options.protocol);
  if (protocol && options.port === undefined) throw new UsageError('--protocol needs --port (without it every cell lists the ports of every protocol)');
  const probe: MatrixProbe | undefined = options.port === undefined ? undefined : { protocol: protocol ?? 'TCP', port: parsePortNumber(options.port) };
  const width = parseWidth(options.width);
  const ws = await loadWorkspace(paths, { cwd: io.cwd, defaultNamespace: options.defaultNamespace, config: options.config, err: io.err, clusterWorkloads: 'referenced', readStdin: io.readStdin, jobs: jobsOption(options.jobs) });
  const clusterOf = (id: string) => ws.cluster.get(id);
  for (const note of ws.notes) io.err(`${note}\n`);
  const picture = PICTURES.includes(options.format);
  if (!picture) {
    for (const flag of ['expand', 'namespace', 'isolatedOnly'] as const) {
      if (options[flag] !== undefined) throw new UsageError(`--${flag === 'isolatedOnly' ? 'isolated-only' : flag} is for the pictures (--format dot, svg, html or mermaid)`);
    }
  }
  let matrix: ConnectivityMatrix;
  let focus: string | undefined;
  try {
    const engine = compileEngine(ws.input);
    matrix = computeMatrix(engine, { outside });
    if (options.focus !== undefined) focus = focusKey(matrix, options.focus, picture);
  } catch (e) {
    if (e instanceof EndpointError) throw new UsageError(e.message);
    throw e;
  }
  if (matrix.endpoints.every((e) => e.kind === 'outside')) io.err('note: the files hold no workloads\n');
  const shown = focus === undefined || picture ? matrix : focusedMatrix(matrix, focus);
  const graph = () => {
    const graphOptions: GraphOptions = { collapse: options.collapse, clusterOf, ...(focus !== undefined ? { focus } : {}) };
    if (options.expand !== undefined) graphOptions.expand = list(options.expand);
    if (options.namespace !== undefined) graphOptions.namespaces = list(options.namespace);
    if (options.isolatedOnly) graphOptions.isolatedOnly = true;
    if (probe) graphOptions.port = `${probe.protocol} ${probe.port}`;
    return buildGraph(matrix, graphOptions);
  };
  const title = `Connectivity of ${paths.join(' ')}${focus === undefined ? '' : ` (focus: ${focus})`}`;
  let text: string;
  switch (options.format) {
    case 'json':
      text = formatMatrixJson(shown, probe, clusterOf);
      break;
    case 'csv':
      text = formatMatrixCsv(matrixTable(shown, probe, clusterOf));
      break;
    case 'md':
      text = formatMatrixMarkdown(matrixTable(shown, probe, clusterOf));
      break;
    case 'dot':
      text = formatGraphDot(graph());
      break;
    case 'mermaid':
      text = formatGraphMermaid(graph());
      break;
    case 'svg':
      text = formatGraphSvg(graph(), title);
      break;
    case 'html':
      text = formatGraphHtml(graph(), { title, table: matrixTable(focus === undefined ? matrix : focusedMatrix(matrix, focus), probe, clusterOf) });
      break;
    default:
      text = formatMatrixText(matrixTable(shown, probe, clusterOf), { width: options.output === undefined ? width : 0 }) + podCounts(shown.endpoints);
  }
  if (options.output === undefined) io.out(text);
  else writeOutput(path.resolve(io.cwd, options.output), text);
  ctx.setExitCode(EXIT_OK);
}

/** `--focus` in any spelling explain accepts, or an ipBlock the policies name (pictures) -> the matrix key. */
function focusKey(matrix: ConnectivityMatrix, arg: string, picture: boolean): string {
  const block = picture && matrix.outside === 'any' ? findBlock(addressSpace(matrix.engine), arg) : undefined;
  if (block) return block.key;
  const endpoint = resolveEndpointArg(matrix.engine, arg, '--focus');
  if (endpoint.kind === 'workload') return endpoint.label;
  if (endpoint.kind === 'outside' && matrix.outside !== false) return endpoint.label;
  throw new UsageError(`--focus ${arg}: expected a workload${matrix.outside === false ? '' : ' or outside'}`);
}

/** The rows and columns of the focus and the endpoints it reaches or is reached by. */
function focusedMatrix(m: ConnectivityMatrix, focus: string): ConnectivityMatrix {
  const peer = (e: MatrixEndpoint) => e.key === focus || m.verdict(focus, e.key).kind !== 'none' || m.verdict(e.key, focus).kind !== 'none';
  return { ...m, endpoints: m.endpoints.filter(peer) };
}

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function writeOutput(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
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
