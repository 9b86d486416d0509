// The connectivity view's requests (issue #12): `netpol/graph` (the picture,
// its model and the matrix), `netpol/explain` (one connection, with links to
// the rules that decide it) and `netpol/endpoints` (what quick picks offer).
// After an index change the client hears `netpol/connectivityChanged`
// (debounced) and asks again. The engine, the graph and the renderer are the
// ones `netpol matrix`/`netpol explain` use; this file only converts. After
// each indexing run the default picture is drawn ahead (for clients with the
// view), so that the first "Show Connectivity" finds it ready: 0.6 s of
// engine work at 300 workloads, once per run, not after every edit.
import { performance } from 'perf_hooks';
import { buildExplainView, ExplainSources, ExplainView } from '../core/policy/engine/explainView';
import { resolveEndpointArg } from '../core/policy/engine/endpointArg';
import { UsageError } from '../core/usageError';
import { parsePort, parseProtocol } from '../core/policy/engine/probeArgs';
import type { OffsetRange } from '../core/findings';
import { addressSpace, findBlock } from '../core/graph';
import { CompactMatrix, ConnectivityMatrix, encodeMatrix, Endpoint, EndpointError, Engine, formatPorts, isEmpty, policyPorts } from '../core/policy/engine';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { hasConnectivityView } from './codeLens';
import {
  CONNECTIVITY_CHANGED_NOTIFICATION,
  ENDPOINTS_REQUEST,
  EndpointsResult,
  EXPLAIN_REQUEST,
  ExplainJson,
  ExplainParams,
  ExplainResult,
  GRAPH_REQUEST,
  GraphParams,
  GraphResult,
  ViewGraphOptions,
} from './connectivityProtocol';
import { GraphLayoutPool } from '../lsp/graphLayoutPool';
import { drawGraphWith, layoutSvg, viewModel } from '../core/graph/viewDrawing';
import { rangeIn } from './indexPositions';
import type { Workspace } from './workspace';

const CHANGED_DELAY_MS = 300;

export class ConnectivityViewFeature implements Feature {
  readonly name = 'connectivity view';
  private timer: NodeJS.Timeout | undefined;
  private aheadTimer: NodeJS.Timeout | undefined;
  /** The answer per options (being drawn, or drawn), while the matrix is the same: a request during the drawing ahead waits for it. */
  private cache: { matrix: unknown; compact: CompactMatrix; matrixVersion: number; byOptions: Map<string, Promise<Omit<GraphResult, 'compactMatrix'>>> } | undefined;

  /** Layout + SVG off the main thread (the model needs the engine, which lives here). */
  private layouts: GraphLayoutPool | undefined;

  constructor(private readonly workspace: Workspace) {}

  register(session: Session): void {
    this.workspace.attach(session);
    const { connection } = session;
    this.layouts = new GraphLayoutPool(session.log);
    connection.onRequest(GRAPH_REQUEST, session.guard('graph', null, (p: GraphParams | undefined) => this.graph(p?.options ?? {}, p?.matrixVersion)));
    connection.onRequest(EXPLAIN_REQUEST, session.guard('explain', { error: 'the explanation failed; see the output channel' }, (p: ExplainParams) => this.explain(p)));
    connection.onRequest(ENDPOINTS_REQUEST, session.guard('endpoints', { workloads: [] }, () => this.endpoints()));
    this.workspace.indexer.onDidChange(() => {
      if (!hasConnectivityView(session)) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void connection.sendNotification(CONNECTIVITY_CHANGED_NOTIFICATION, { version: this.workspace.index().version });
      }, CHANGED_DELAY_MS);
    });
    this.workspace.indexer.onDidFinishIndexing(() => {
      if (!hasConnectivityView(session)) return;
      // After the other listeners (the workspace's checks): this one is only ahead of time.
      if (this.aheadTimer) clearTimeout(this.aheadTimer);
      this.aheadTimer = setTimeout(() => {
        this.aheadTimer = undefined;
        this.drawAhead(session);
      }, 0);
    });
  }

  private drawAhead(session: Session): void {
    const t0 = performance.now();
    this.graph({}).then(
      (g) => session.log.info(`connectivity view: default graph drawn ahead in ${(performance.now() - t0).toFixed(0)} ms (${g.model.workloads} workloads)`),
      (e) => session.log.warn(`connectivity view: drawing the default graph ahead failed: ${(e as Error)?.message ?? e}`),
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.aheadTimer) clearTimeout(this.aheadTimer);
    this.layouts?.dispose();
  }

  async graph(options: ViewGraphOptions, clientMatrixVersion?: number): Promise<GraphResult> {
    const version = this.workspace.index().version;
    const t0 = performance.now();
    const matrix = this.workspace.matrix();
    const t1 = performance.now();
    const cluster = new Map(this.workspace.index().clusterWorkloads().map((w) => [w.id, w.cluster!.description]));
    if (this.cache?.matrix !== matrix) this.cache = { matrix, compact: compactMatrix(matrix, cluster), matrixVersion: version, byOptions: new Map() };
    const cache = this.cache;
    const withMatrix = (r: Omit<GraphResult, 'compactMatrix'>): GraphResult => (clientMatrixVersion === cache.matrixVersion ? r : { ...r, compactMatrix: cache.compact });
    const key = JSON.stringify(sanitize(options));
    let answer = cache.byOptions.get(key);
    if (!answer) {
      answer = this.draw(matrix, sanitize(options), cluster, cache.matrixVersion, version, t1 - t0);
      cache.byOptions.set(key, answer);
      answer.catch(() => cache.byOptions.delete(key));
    }
    return withMatrix({ ...(await answer), version });
  }

  private async draw(matrix: ConnectivityMatrix, options: ViewGraphOptions, cluster: ReadonlyMap<string, string>, matrixVersion: number, version: number, matrixMs: number): Promise<Omit<GraphResult, 'compactMatrix'>> {
    const built = viewModel(matrix, { ...options, clusterOf: (id) => cluster.get(id) });
    const laid = this.layouts ? await this.layouts.draw(built.model) : { ...layoutSvg(built.model), where: 'main' as const };
    const drawn = drawGraphWith(built, laid);
    // An edit during the layout leaves this answer with the matrix it was drawn from (and the old cache): the change notification makes the client ask again.
    return { version, svg: drawn.svg, model: drawn.model, ...(drawn.notice ? { notice: drawn.notice } : {}), matrixVersion, laidOutOn: laid.where, timings: { matrix: matrixMs, ...drawn.timings } };
  }

  explain(p: ExplainParams): ExplainResult {
    if (!p || typeof p.from !== 'string' || typeof p.to !== 'string') return { error: 'explain needs from and to' };
    const engine = this.workspace.engine();
    try {
      const [source, destination] = endpointsOf(engine, p.from, p.to);
      if (source.kind !== 'workload' && destination.kind !== 'workload') {
        return { error: 'both ends are outside the cluster: NetworkPolicies only govern traffic to and from pods' };
      }
      const protocol = parseProtocol(p.protocol === undefined || p.protocol === '' ? undefined : String(p.protocol));
      const port = p.port === undefined || p.port === '' ? undefined : parsePort(String(p.port), protocol, destination);
      const view = buildExplainView(engine, this.explainSources(), { source, destination, protocol: port?.protocol ?? protocol, port: port?.port });
      return { explanation: withUris(view) };
    } catch (e) {
      if (e instanceof UsageError || e instanceof EndpointError) return { error: e.message.replace(/^--(port|protocol) /, '$1 ') };
      throw e;
    }
  }

  endpoints(): EndpointsResult {
    const engine = this.workspace.engine();
    const index = this.workspace.index();
    const cluster = new Map(index.clusterWorkloads().map((w) => [w.id, w.cluster!.description]));
    return {
      workloads: engine.input.workloads.map((w) => {
        const range = w.uri && w.range ? rangeIn(index, w.uri, w.range) : undefined;
        const what = cluster.get(w.id);
        return {
          key: engine.labels.get(w.id)!,
          id: w.id,
          kind: w.kind,
          namespace: w.namespace,
          name: w.name,
          ...(what !== undefined ? { cluster: what } : {}),
          ports: w.ports.map((cp) => ({ ...(cp.name ? { name: cp.name } : {}), protocol: cp.protocol, port: cp.containerPort })),
          ...(range ? { location: { uri: w.uri, line: range.start.line + 1, range } } : {}),
        };
      }),
    };
  }

  /** What buildExplainView needs of the shell: where things are (here: document uris) and what cluster workloads are. */
  private explainSources(): ExplainSources {
    const index = this.workspace.index();
    return {
      cluster: new Map(index.clusterWorkloads().map((w) => [w.id, w.cluster!.description])),
      locate: (uri: string | undefined, range: OffsetRange) => {
        const r = uri === undefined ? undefined : rangeIn(index, uri, range);
        return r && uri ? { file: uri, line: r.start.line + 1, range: r } : undefined;
      },
    };
  }
}

/**
 * `from` and `to` as explain takes them, or an ipBlock node of the graph
 * (`10.0.0.0/8 except 10.1.0.0/16`): then one address of it that is no pod
 * IP, among those the graph evaluated, preferring one the other end reaches
 * or is reached by. The explanation names that address: it is what was asked.
 */
function endpointsOf(engine: Engine, from: string, to: string): [Endpoint, Endpoint] {
  const space = addressSpace(engine);
  const fromBlock = findBlock(space, from);
  const toBlock = findBlock(space, to);
  const source = fromBlock ? undefined : resolveEndpointArg(engine, from, 'from');
  const destination = toBlock ? undefined : resolveEndpointArg(engine, to, 'to');
  const pick = (key: string, samples: readonly number[], allows: (e: Endpoint) => boolean): Endpoint => {
    const all = samples.map((i) => space.samples[i]);
    if (all.length === 0) throw new EndpointError(`${key} holds only pod IPs: the workloads with those IPs are the endpoints`);
    return all.find(allows) ?? all[0];
  };
  if (source && destination) return [source, destination];
  if (!source && !destination) throw new EndpointError('both ends are outside the cluster: NetworkPolicies only govern traffic to and from pods');
  if (!source) return [pick(fromBlock!.key, fromBlock!.samples, (e) => !isEmpty(policyPorts(e, destination!))), destination!];
  return [source, pick(toBlock!.key, toBlock!.samples, (e) => !isEmpty(policyPorts(source, e)))];
}

/** What `netpol matrix --format json` prints, compact: cluster-model endpoints say what they are. */
function compactMatrix(matrix: ConnectivityMatrix, cluster: ReadonlyMap<string, string>): CompactMatrix {
  const compact = encodeMatrix(matrix, formatPorts);
  compact.endpoints = compact.endpoints.map((e) => {
    const what = e.workloadId === undefined ? undefined : cluster.get(e.workloadId);
    return what === undefined ? e : { ...e, cluster: what };
  });
  return compact;
}

/** Only the option fields the renderer knows, with the right types: the webview's state is not trusted. */
function sanitize(o: ViewGraphOptions): ViewGraphOptions {
  const out: ViewGraphOptions = {};
  if (o.collapse === 'auto' || o.collapse === 'all' || o.collapse === 'none') out.collapse = o.collapse;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(0, 1000) : undefined);
  const expand = strings(o.expand);
  if (expand) out.expand = expand;
  const namespaces = strings(o.namespaces);
  if (namespaces && namespaces.length > 0) out.namespaces = namespaces;
  if (typeof o.focus === 'string' && o.focus !== '') out.focus = o.focus;
  if (typeof o.port === 'string' && o.port.trim() !== '') out.port = o.port.trim();
  if (o.isolatedOnly === true) out.isolatedOnly = true;
  return out;
}

/** The CLI's `file` (here a uri) as `uri`, everywhere in the view. */
function withUris(view: ExplainView): ExplainJson {
  const rename = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rename);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k === 'file' ? 'uri' : k] = rename(x);
    return out;
  };
  return rename(view) as ExplainJson;
}
