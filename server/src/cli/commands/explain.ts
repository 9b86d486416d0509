// `netpol explain PATH... --from A --to B [--port P]`: whether one connection
// is allowed, and the evidence per direction. Exit 0 allowed, 3 denied, so CI
// can assert "the frontend cannot reach the database".
import { Command, Option } from 'commander';
import type { CliCommand, CommandContext } from '../command';
import { compileEngine, EndpointError } from '../../core/policy/engine';
import { EXIT_DENIED, EXIT_OK, UsageError } from '../exitCodes';
import { resolveEndpointArg } from '../../core/policy/engine/endpointArg';
import { buildExplainView } from '../../core/policy/engine/explainView';
import { formatExplainText } from '../format/explainText';
import { parsePort, parseProtocol } from '../../core/policy/engine/probeArgs';
import { loadWorkspace } from '../workspace';
import { jobsFlag, jobsOption } from '../parallel/jobsFlag';

interface ExplainOptions {
  from: string;
  to: string;
  port?: string;
  protocol?: string;
  format: 'text' | 'json';
  defaultNamespace?: string;
  config?: string;
  jobs?: string;
}

export const explainCommand: CliCommand = {
  name: 'explain',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('explain')
      .description('explain whether one connection is allowed, and which policies and rules decide it')
      .argument('<path...>', 'YAML or JSON files, or directories (searched recursively for *.yaml, *.yml and the *.json files that hold Kubernetes objects); - reads standard input')
      .requiredOption('--from <endpoint>', 'source: NS/NAME, NS/KIND/NAME, outside, or an IP address')
      .requiredOption('--to <endpoint>', 'destination: NS/NAME, NS/KIND/NAME, outside, or an IP address')
      .option('--port <port>', "destination port: a number, or a name of the destination's container ports (default: every port)")
      .option('--protocol <protocol>', 'TCP, UDP or SCTP (default TCP with --port, every protocol without)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--default-namespace <ns>', 'namespace of objects that name none (and no kustomization.yaml sets one); default: the config\'s defaultNamespace, else "default"')
      .addOption(jobsFlag())
      .option('--config <file>', 'project config (default: .netpol.yaml or .netpol.yml found upward from the first path, up to the repository root)')
      .addHelpText(
        'after',
        [
          '',
          'NAME is a workload\'s name (a Deployment, a Pod, ...); when two kinds share a',
          'name in a namespace, NS/KIND/NAME picks one (e.g. shop/StatefulSet/db).',
          'In a cluster dump, a controller\'s pods are one endpoint: NS/NAME, NS/NAME[Kind]',
          'or NS/POD-NAME picks it.',
          'The cluster model\'s workloads count too: the cluster DNS (kube-system/coredns',
          'by default) and those .netpol.yaml declares.',
          'Without --port the question is "is any port allowed?": the verdict lists the',
          'allowed ports, and each rule the ports it allows.',
          '',
          'Exit codes: 0 allowed, 3 denied, 2 usage error (unknown workload, bad port...).',
          '',
          'Examples:',
          '  netpol explain k8s/ --from shop/frontend --to shop/db --port 3306',
          '  netpol explain k8s/ --from shop/backend --to shop/db --port mysql --format json',
          '  netpol explain k8s/ --from outside --to shop/Deployment/frontend --port 443',
          '  netpol explain k8s/ --from shop/backend --to 203.0.113.7 --protocol UDP --port 53',
          '  netpol explain k8s/ --from shop/backend --to kube-system/coredns --protocol UDP --port 53',
        ].join('\n'),
      )
      .action((paths: string[], options: ExplainOptions) => runExplain(paths, options, ctx));
  },
};

async function runExplain(paths: string[], options: ExplainOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  // Flags first: a typo in them should not wait for the files to be read.
  const protocol = parseProtocol(options.protocol);
  const ws = await loadWorkspace(paths, { cwd: io.cwd, defaultNamespace: options.defaultNamespace, config: options.config, err: io.err, readStdin: io.readStdin, jobs: jobsOption(options.jobs) });
  for (const note of ws.notes) io.err(`${note}\n`);
  const engine = compileEngine(ws.input);
  const source = resolveEndpointArg(engine, options.from, '--from');
  const destination = resolveEndpointArg(engine, options.to, '--to');
  if (source.kind !== 'workload' && destination.kind !== 'workload') {
    throw new UsageError('--from and --to are both outside the cluster: NetworkPolicies only govern traffic to and from pods');
  }
  const probe = options.port === undefined ? undefined : parsePort(options.port, protocol, destination);
  let view;
  try {
    view = buildExplainView(engine, ws, { source, destination, protocol: probe?.protocol ?? protocol, port: probe?.port });
  } catch (e) {
    if (e instanceof EndpointError) throw new UsageError(e.message);
    throw e;
  }
  io.out(options.format === 'json' ? JSON.stringify(view, null, 2) + '\n' : formatExplainText(view));
  ctx.setExitCode(view.allowed ? EXIT_OK : EXIT_DENIED);
}
