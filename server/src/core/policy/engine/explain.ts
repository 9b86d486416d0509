// One connection, with its evidence: per direction, whether the pod is
// isolated, which policies select it, which rules (file, range) allow the
// traffic, and a plain sentence saying so.
import type { OffsetRange } from '../../findings';
import type { Direction } from '../../model/types';
import { CompiledPolicy, CompiledRule } from './compile';
import { Endpoint, Engine, EngineOptions, engineFor, isSameWorkload, matchingPeer, Probe, resolveEndpoint, rulePorts } from './engine';
import type { EngineInput } from './input';
import { contains, formatRange, isEmpty, Protocol, toRanges } from './portSet';

export interface PolicyRef {
  name: string;
  namespace: string;
  uri?: string;
  /** The policy's name in its file (offsets). */
  range: OffsetRange;
}

export interface RuleRef {
  policy: PolicyRef;
  ruleIndex: number;
  /** `spec.egress[0]`. */
  path: string;
  uri?: string;
  range: OffsetRange;
  /** The peer that matched; absent when the rule has no peers (everyone). */
  peer?: { path: string; range: OffsetRange };
  /** The port entry that matched; absent when the rule has no ports (every port). */
  port?: { path: string; range: OffsetRange };
}

export interface DirectionExplanation {
  /** Whether this direction lets the connection through. */
  allowed: boolean;
  /** False when this side is an address outside the cluster: no policy applies to it. */
  applies: boolean;
  isolated: boolean;
  /** The policies selecting the pod that govern this direction. */
  policies: PolicyRef[];
  /** Every rule that allows this connection (empty when not isolated). */
  allowedBy: RuleRef[];
  /** e.g. `ingress: shop/db is isolated for ingress by db-policy; no rule allows TCP 3306 from shop/frontend`. */
  reason: string;
}

export interface Explanation {
  allowed: boolean;
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  /** A workload to itself (one pod over loopback): always allowed. */
  loopback: boolean;
  egress: DirectionExplanation;
  ingress: DirectionExplanation;
  /** One line: `denied: shop/frontend -> shop/db on TCP 3306 (ingress of shop/db)`. */
  summary: string;
}

export function policyRef(p: CompiledPolicy): PolicyRef {
  return { name: p.name, namespace: p.namespace, uri: p.uri, range: p.range };
}

export function explainConnection(input: EngineInput | Engine, from: string, to: string, probe: Probe, options: EngineOptions = {}): Explanation {
  const engine = engineFor(input, options);
  const source = resolveEndpoint(engine, from);
  const destination = resolveEndpoint(engine, to);
  const protocol = probe.protocol ?? 'TCP';
  const port = probe.port;
  const what = `${protocol} ${port}`;
  if (isSameWorkload(engine, source, destination)) {
    const loop = (d: string): DirectionExplanation => ({ allowed: true, applies: true, isolated: false, policies: [], allowedBy: [], reason: `${d}: ${source.label} to itself is loopback traffic, which policies never block` });
    return { allowed: true, from: source.label, to: destination.label, protocol, port, loopback: true, egress: loop('egress'), ingress: loop('ingress'), summary: `allowed: ${source.label} -> itself on ${what} (loopback)` };
  }
  const egress = explainDirection('Egress', source, destination, protocol, port);
  const ingress = explainDirection('Ingress', source, destination, protocol, port);
  const allowed = egress.allowed && ingress.allowed;
  const blockers = [!egress.allowed ? `egress of ${source.label}` : '', !ingress.allowed ? `ingress of ${destination.label}` : ''].filter(Boolean);
  const summary = allowed ? `allowed: ${source.label} -> ${destination.label} on ${what}` : `denied: ${source.label} -> ${destination.label} on ${what} (${blockers.join(' and ')})`;
  return { allowed, from: source.label, to: destination.label, protocol, port, loopback: false, egress, ingress, summary };
}

function explainDirection(direction: Direction, source: Endpoint, destination: Endpoint, protocol: Protocol, port: number): DirectionExplanation {
  const word = direction.toLowerCase();
  const self = direction === 'Egress' ? source : destination;
  const other = direction === 'Egress' ? destination : source;
  const toFrom = direction === 'Egress' ? 'to' : 'from';
  const what = `${protocol} ${port}`;
  if (self.kind !== 'workload') {
    const where = self.kind === 'outside' ? 'any address outside the cluster' : `${self.label} is outside the cluster`;
    return { allowed: true, applies: false, isolated: false, policies: [], allowedBy: [], reason: `${word}: ${where}; no policy restricts its ${word}` };
  }
  const sel = self.cls.selection[direction];
  const policies = sel.policies.map(policyRef);
  if (policies.length === 0) {
    return { allowed: true, applies: true, isolated: false, policies, allowedBy: [], reason: `${word}: ${self.label} is not isolated for ${word} (no policy selects it), so all ${word} is allowed` };
  }
  const allowedBy: RuleRef[] = [];
  const nearMisses: string[] = [];
  for (const rule of sel.rules) {
    const peer = matchingPeer(rule, other);
    if (peer === undefined) continue;
    const ports = rulePorts(rule, destination);
    if (!contains(ports, protocol, port)) {
      nearMisses.push(`${ruleName(rule)} matches ${other.label} but allows ${isEmpty(ports) ? 'no port' : 'only ' + toRanges(ports).map(formatRange).join(', ')}`);
      continue;
    }
    allowedBy.push({
      policy: policyRef(rule.policy),
      ruleIndex: rule.index,
      path: rule.path,
      uri: rule.policy.uri,
      range: rule.range,
      peer: peer === 'all' ? undefined : { path: peer.path, range: peer.range },
      port: matchingPortEntry(rule, destination, protocol, port),
    });
  }
  const by = `${self.label} is isolated for ${word} by ${sel.policies.map((p) => p.name).join(', ')}`;
  if (allowedBy.length > 0) {
    const names = allowedBy.map((r) => `${r.path} of ${r.policy.name}`);
    return { allowed: true, applies: true, isolated: true, policies, allowedBy, reason: `${word}: ${by}; ${names.join(' and ')} ${names.length === 1 ? 'allows' : 'allow'} ${what} ${toFrom} ${other.label}` };
  }
  const hint = nearMisses.length > 0 ? ` (${nearMisses.join('; ')})` : '';
  return { allowed: false, applies: true, isolated: true, policies, allowedBy, reason: `${word}: ${by}; no rule allows ${what} ${toFrom} ${other.label}${hint}` };
}

function ruleName(rule: CompiledRule): string {
  return `${rule.path} of ${rule.policy.name}`;
}

function matchingPortEntry(rule: CompiledRule, destination: Endpoint, protocol: Protocol, port: number): { path: string; range: OffsetRange } | undefined {
  for (const entry of rule.ports ?? []) {
    const m = entry.matcher;
    const hit =
      m.kind === 'numeric'
        ? contains(m.ports, protocol, port)
        : m.kind === 'named' && m.protocol === protocol && destination.kind === 'workload' && destination.cls.ports.some((cp) => cp.name === m.name && cp.protocol === protocol && cp.containerPort === port);
    if (hit) return { path: entry.path, range: entry.range };
  }
  return undefined;
}
