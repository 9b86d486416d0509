// One connection's explanation as plain data with file locations: what
// `netpol explain --format json` prints, its text format renders and the
// editor's `netpol/explain` answers (each shell says where files are).
// With a port it is the engine's explanation for that probe; without one it
// covers every port (of --protocol, when given): the verdict is "some port
// is allowed", and each rule says which ports it allows.
import type { OffsetRange } from '../../findings';
import type { Direction } from '../../model/types';
import {
  allowedPorts,
  CompiledRule,
  contains,
  directionPorts,
  equals,
  Endpoint,
  Engine,
  explainConnection,
  formatRange,
  intersect,
  isAll,
  isEmpty,
  isSameWorkload,
  matchingPeer,
  PortSet,
  Protocol,
  protocolPorts,
  ALL_PORTS,
  RuleRef,
  rulePhrase,
  rulePorts,
  toRanges,
  verdictOf,
  verdictToJson,
  VerdictJson,
} from './index';
import type { Range } from '../../yaml/lineIndex';

/** Where something is, for people (1-based line) and for tools (0-based range). */
export interface SourceLocation {
  /** Relative to the working directory (the CLI) or a uri (the server). */
  file: string;
  line: number;
  range: Range;
}

/** What an explanation needs of the shell: where the engine's objects are, and what the cluster-model workloads are. */
export interface ExplainSources {
  /** Workload id -> what it is (`cluster DNS`), for the input's workloads of the cluster model. */
  cluster: ReadonlyMap<string, string>;
  /** An engine uri and offsets -> the shell's file name, 1-based line, 0-based range. */
  locate(uri: string | undefined, range: OffsetRange): SourceLocation | undefined;
}

export interface LocationView {
  /** Relative to the working directory. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 0-based LSP range. */
  range?: Range;
}

export interface PolicyView extends LocationView {
  name: string;
  namespace: string;
}

export interface RuleView extends LocationView {
  policy: string;
  namespace: string;
  /** `spec.ingress[0]`. */
  rule: string;
  /** `from app=backend in shop on TCP 3306`. */
  description: string;
  /** What the rule allows for this pair: `all`, `none` or port ranges. */
  ports: VerdictJson;
  /** The peer that matched (absent when the rule has no peers, or none matched). */
  peer?: { path: string } & LocationView;
  /** The port entry that matched the probe (with --port, when the rule lists ports). */
  port?: { path: string } & LocationView;
  /** For a rule that does not allow the connection: why not. */
  why?: string;
}

export interface DirectionView {
  allowed: boolean;
  /** False when this side is outside the cluster: no policy applies to it. */
  applies: boolean;
  isolated: boolean;
  policies: PolicyView[];
  allowedBy: RuleView[];
  /** The other rules of the selecting policies, with why each does not allow it. */
  otherRules: RuleView[];
  /** What this direction allows between the two (before --port). */
  ports: VerdictJson;
  reason: string;
}

export interface ExplainView {
  allowed: boolean;
  from: string;
  to: string;
  /** The probe's protocol; without --port, --protocol or null (every protocol). */
  protocol: Protocol | null;
  /** Null without --port: the verdict covers every port. */
  port: number | null;
  /** Everything allowed from `from` to `to` (without --port: within --protocol). */
  allowedPorts: VerdictJson;
  loopback: boolean;
  summary: string;
  /** Ends that are workloads of the cluster model (not in the files): what they are, e.g. `{"to": "cluster DNS"}`. */
  cluster?: { from?: string; to?: string };
  egress: DirectionView;
  ingress: DirectionView;
}

export interface ExplainRequest {
  source: Endpoint;
  destination: Endpoint;
  protocol?: Protocol;
  port?: number;
}

export function buildExplainView(engine: Engine, ws: ExplainSources, req: ExplainRequest): ExplainView {
  const view = explain(engine, ws, req);
  const cluster: NonNullable<ExplainView['cluster']> = {};
  const from = req.source.kind === 'workload' ? ws.cluster.get(req.source.workload.id) : undefined;
  const to = req.destination.kind === 'workload' ? ws.cluster.get(req.destination.workload.id) : undefined;
  if (from !== undefined) cluster.from = from;
  if (to !== undefined) cluster.to = to;
  if (from === undefined && to === undefined) return view;
  // Next to the ends it describes, for people reading the JSON.
  const { egress, ingress, ...head } = view;
  return { ...head, cluster, egress, ingress };
}

function explain(engine: Engine, ws: ExplainSources, req: ExplainRequest): ExplainView {
  const { source, destination } = req;
  // With a port the other ports are context ("allows only TCP 3306"); without one, --protocol narrows the question.
  const scope: PortSet = req.port === undefined && req.protocol ? protocolPorts(req.protocol) : ALL_PORTS;
  const total = intersect(allowedPorts(engine, source, destination), scope);
  const ctx: Ctx = { engine, ws, source, destination, scope };
  if (req.port !== undefined) {
    const protocol = req.protocol ?? 'TCP';
    const e = explainConnection(engine, keyOf(source), keyOf(destination), { protocol, port: req.port });
    const direction = (d: Direction): DirectionView => {
      const x = d === 'Egress' ? e.egress : e.ingress;
      const rules = e.loopback ? undefined : selection(ctx, d);
      return {
        allowed: x.allowed,
        applies: x.applies,
        isolated: x.isolated,
        policies: x.policies.map((p) => ({ name: p.name, namespace: p.namespace, ...at(ws, p.uri, p.range) })),
        allowedBy: x.allowedBy.map((r) => ruleRefView(ctx, r, rules)),
        otherRules: (rules ?? []).filter((r) => !allowsProbe(r, ctx, protocol, req.port!)).map((r) => otherRuleView(ctx, r, `${protocol} ${req.port}`)),
        ports: e.loopback ? 'all' : verdictToJson(verdictOf(directionPorts(d, source, destination))),
        reason: x.reason,
      };
    };
    return { allowed: e.allowed, from: e.from, to: e.to, protocol, port: req.port, allowedPorts: verdictToJson(verdictOf(total)), loopback: e.loopback, summary: e.summary, egress: direction('Egress'), ingress: direction('Ingress') };
  }
  const loopback = isSameWorkload(engine, source, destination);
  const egress = anyPortDirection(ctx, 'Egress', loopback);
  const ingress = anyPortDirection(ctx, 'Ingress', loopback);
  const allowed = !isEmpty(total);
  return {
    allowed,
    from: source.label,
    to: loopback ? source.label : destination.label,
    protocol: req.protocol ?? null,
    port: null,
    allowedPorts: verdictToJson(verdictOf(total)),
    loopback,
    summary: anyPortSummary(ctx, total, egress, ingress, loopback),
    egress,
    ingress,
  };
}

interface Ctx {
  engine: Engine;
  ws: ExplainSources;
  source: Endpoint;
  destination: Endpoint;
  /** Ports in question: all, or one protocol's. */
  scope: PortSet;
}

/** What `explainConnection` and `resolveEndpoint` accept for an endpoint already resolved. */
function keyOf(e: Endpoint): string {
  return e.kind === 'workload' ? e.workload.id : e.label;
}

function at(ws: ExplainSources, uri: string | undefined, range: { start: number; end: number } | undefined): LocationView {
  if (!range) return {};
  const loc = ws.locate(uri, range);
  return loc ? { file: loc.file, line: loc.line, range: loc.range } : {};
}

/** The rules of the policies selecting this direction's pod; undefined when the pod is no pod. */
function selection(ctx: Ctx, d: Direction): CompiledRule[] | undefined {
  const self = d === 'Egress' ? ctx.source : ctx.destination;
  return self.kind === 'workload' ? self.cls.selection[d].rules : undefined;
}

function otherOf(ctx: Ctx, d: Direction): Endpoint {
  return d === 'Egress' ? ctx.destination : ctx.source;
}

function allowsProbe(rule: CompiledRule, ctx: Ctx, protocol: Protocol, port: number): boolean {
  return matchingPeer(rule, otherOf(ctx, rule.direction)) !== undefined && contains(rulePorts(rule, ctx.destination), protocol, port);
}

function rulePortsView(ctx: Ctx, rule: CompiledRule): VerdictJson {
  return verdictToJson(verdictOf(intersect(rulePorts(rule, ctx.destination), ctx.scope)));
}

function baseRuleView(ctx: Ctx, rule: CompiledRule): RuleView {
  return {
    policy: rule.policy.name,
    namespace: rule.policy.namespace,
    rule: rule.path,
    description: rulePhrase(rule),
    ports: rulePortsView(ctx, rule),
    ...at(ctx.ws, rule.policy.uri, rule.range),
  };
}

function ruleRefView(ctx: Ctx, ref: RuleRef, rules: CompiledRule[] | undefined): RuleView {
  const rule = rules?.find((r) => r.policy.uri === ref.policy.uri && r.policy.range.start === ref.policy.range.start && r.path === ref.path);
  const view: RuleView = rule
    ? baseRuleView(ctx, rule)
    : { policy: ref.policy.name, namespace: ref.policy.namespace, rule: ref.path, description: '', ports: 'all', ...at(ctx.ws, ref.uri, ref.range) };
  if (ref.peer) view.peer = { path: ref.peer.path, ...at(ctx.ws, ref.uri, ref.peer.range) };
  if (ref.port) view.port = { path: ref.port.path, ...at(ctx.ws, ref.uri, ref.port.range) };
  return view;
}

function otherRuleView(ctx: Ctx, rule: CompiledRule, what: string): RuleView {
  const other = otherOf(ctx, rule.direction);
  const view = baseRuleView(ctx, rule);
  if (matchingPeer(rule, other) === undefined) view.why = `no peer of it matches ${other.label}`;
  else {
    const ports = intersect(rulePorts(rule, ctx.destination), ctx.scope);
    view.why = isEmpty(ports) ? `it matches ${other.label} but allows no ${scopeWord(ctx)}port${ctx.destination.kind === 'workload' ? ` of ${ctx.destination.label}` : ''}` : `it matches ${other.label} but allows only ${portsText(ports)}, not ${what}`;
  }
  return view;
}

function anyPortDirection(ctx: Ctx, d: Direction, loopback: boolean): DirectionView {
  const word = d.toLowerCase();
  const self = d === 'Egress' ? ctx.source : ctx.destination;
  const other = otherOf(ctx, d);
  const toFrom = d === 'Egress' ? 'to' : 'from';
  // Nothing restricts this direction: everything is allowed, with this reason.
  const open = (applies: boolean, reason: string): DirectionView => ({ allowed: true, applies, isolated: false, policies: [], allowedBy: [], otherRules: [], ports: 'all', reason: `${word}: ${reason}` });
  if (loopback) return open(true, `${self.label} to itself is loopback traffic, which policies never block`);
  if (self.kind !== 'workload') return open(false, `${self.kind === 'outside' ? 'any address outside the cluster' : `${self.label} is outside the cluster`}; no policy restricts its ${word}`);
  const sel = self.cls.selection[d];
  if (sel.policies.length === 0) return open(true, `${self.label} is not isolated for ${word} (no policy selects it), so all ${word} is allowed`);
  const policies = sel.policies.map((p) => ({ name: p.name, namespace: p.namespace, ...at(ctx.ws, p.uri, p.range) }));
  const allowedBy: RuleView[] = [];
  const otherRules: RuleView[] = [];
  for (const rule of sel.rules) {
    const peer = matchingPeer(rule, other);
    const ports = intersect(rulePorts(rule, ctx.destination), ctx.scope);
    if (peer === undefined || isEmpty(ports)) {
      otherRules.push(otherRuleView(ctx, rule, ''));
      continue;
    }
    const view = baseRuleView(ctx, rule);
    if (peer !== 'all') view.peer = { path: peer.path, ...at(ctx.ws, rule.policy.uri, peer.range) };
    allowedBy.push(view);
  }
  const ports = intersect(directionPorts(d, ctx.source, ctx.destination), ctx.scope);
  const by = `${self.label} is isolated for ${word} by ${sel.policies.map((p) => p.name).join(', ')}`;
  const reason = isEmpty(ports)
    ? `${word}: ${by}; no rule allows any ${scopeWord(ctx)}port ${toFrom} ${other.label}`
    : `${word}: ${by}; ${allowedBy.map((r) => `${r.rule} of ${r.policy}`).join(' and ')} ${allowedBy.length === 1 ? 'allows' : 'allow'} ${portsText(ports, ctx)} ${toFrom} ${other.label}`;
  return { allowed: !isEmpty(ports), applies: true, isolated: true, policies, allowedBy, otherRules, ports: verdictToJson(verdictOf(ports)), reason };
}

function anyPortSummary(ctx: Ctx, total: PortSet, egress: DirectionView, ingress: DirectionView, loopback: boolean): string {
  const pair = `${ctx.source.label} -> ${loopback ? 'itself' : ctx.destination.label}`;
  if (loopback) return `allowed: ${pair} on every port (loopback)`;
  if (!isEmpty(total)) return `allowed: ${pair} on ${isAll(total) || equals(total, ctx.scope) ? `every ${scopeWord(ctx)}port` : `${portsText(total)} only`}`;
  const blockers = [!egress.allowed ? `egress of ${ctx.source.label}` : '', !ingress.allowed ? `ingress of ${ctx.destination.label}` : ''].filter(Boolean);
  const why = blockers.length > 0 ? blockers.join(' and ') : 'egress and ingress allow no port in common';
  return `denied: ${pair} on every ${scopeWord(ctx)}port (${why})`;
}

function scopeWord(ctx: Ctx): string {
  return isAll(ctx.scope) ? '' : `${toRanges(ctx.scope)[0].protocol} `;
}

/** `TCP 80, TCP 443`; `every TCP port` for a whole protocol. */
function portsText(ports: PortSet, ctx?: Ctx): string {
  if (isAll(ports) || (ctx && equals(ports, ctx.scope))) return ctx ? `every ${scopeWord(ctx)}port` : 'every port';
  return toRanges(ports)
    .map((r) => (r.from === 1 && r.to === 65535 ? `every ${r.protocol} port` : formatRange(r)))
    .join(', ');
}
