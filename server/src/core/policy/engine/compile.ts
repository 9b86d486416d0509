// A NetworkPolicy reduced, once, to what enforcement needs: the pods it
// selects, the directions it governs and its rules with plain matchers.
// Anything the API server would reject (bad protocol, port out of range,
// unparsable CIDR, a peer with no or conflicting fields) matches nothing.
import type { OffsetRange } from '../../findings';
import type { Direction, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule } from '../../model/types';
import { compileSelector, CompiledSelector } from '../labelSelector';
import type { EnginePolicy } from './input';
import { AddressInterval, AddressRange, parseCidr, subtractRanges } from './cidr';
import { ALL_PORTS, EMPTY_PORTS, isProtocol, MAX_PORT, MIN_PORT, PortSet, portRange, Protocol, protocolPorts, union } from './portSet';

export type PortMatcher =
  /** Numeric port, range, or every port of a protocol. */
  | { kind: 'numeric'; protocol: Protocol; ports: PortSet }
  /** Resolved against the destination pod's container ports. */
  | { kind: 'named'; protocol: Protocol; name: string }
  | { kind: 'invalid'; why: string };

export interface CompiledPort {
  index: number;
  path: string;
  range: OffsetRange;
  matcher: PortMatcher;
}

export type PeerMatcher =
  /** `namespaceSelector` absent: the policy's own namespace. */
  | { kind: 'pods'; namespaceSelector?: CompiledSelector; podSelector: CompiledSelector }
  | { kind: 'ipBlock'; cidr: string; except: string[]; block: AddressRange; addresses: AddressInterval[] }
  | { kind: 'invalid'; why: string };

export interface CompiledPeer {
  /** Unique within one engine, to index per-class match tables. */
  id: number;
  index: number;
  path: string;
  range: OffsetRange;
  matcher: PeerMatcher;
}

export interface CompiledRule {
  /** Unique within one engine. */
  id: number;
  policy: CompiledPolicy;
  direction: Direction;
  index: number;
  /** `spec.ingress[0]`. */
  path: string;
  range: OffsetRange;
  /** `null`: `from`/`to` absent or empty, every peer in and outside the cluster. */
  peers: CompiledPeer[] | null;
  /** `null`: `ports` absent or empty, every port of every protocol. */
  ports: CompiledPort[] | null;
  /** The numeric part of `ports` (all ports when `ports` is null). */
  staticPorts: PortSet;
  named: { protocol: Protocol; name: string }[];
}

export interface CompiledPolicy {
  index: number;
  name: string;
  namespace: string;
  uri?: string;
  /** The name's range, else the `kind:` value's. */
  range: OffsetRange;
  source: EnginePolicy;
  podSelector: CompiledSelector;
  /** Effective policy types, after defaulting. */
  affects: Record<Direction, boolean>;
  /** Rules of governed directions; rules of other directions are ignored by enforcement. */
  rules: Record<Direction, CompiledRule[]>;
  /** Rules written for a direction missing from `policyTypes`. */
  ignoredRules: Record<Direction, number>;
}

/** Hands out ids for peers and rules so that engines can keep flat tables. */
export class IdSource {
  peers = 0;
  rules = 0;
}

export function compilePolicy(source: EnginePolicy, index = 0, ids = new IdSource()): CompiledPolicy {
  const p = source.policy;
  const ingress = p.ingress?.items ?? [];
  const egress = p.egress?.items ?? [];
  const affects = effectivePolicyTypes(source);
  const compiled: CompiledPolicy = {
    index,
    name: p.metadata.name?.value ?? '(unnamed)',
    namespace: source.namespace,
    uri: source.uri,
    range: p.metadata.name?.range ?? p.kindRange,
    source,
    // A missing podSelector decodes as the empty selector: every pod.
    podSelector: compileSelector(p.podSelector),
    affects,
    rules: { Ingress: [], Egress: [] },
    ignoredRules: { Ingress: affects.Ingress ? 0 : ingress.length, Egress: affects.Egress ? 0 : egress.length },
  };
  if (affects.Ingress) compiled.rules.Ingress = ingress.map((r, i) => compileRule(compiled, r, i, ids));
  if (affects.Egress) compiled.rules.Egress = egress.map((r, i) => compileRule(compiled, r, i, ids));
  return compiled;
}

/** `policyTypes` as written, else Ingress plus Egress when there is at least one egress rule. */
export function effectivePolicyTypes(source: EnginePolicy): Record<Direction, boolean> {
  const written = source.policy.policyTypes?.items ?? [];
  if (written.length > 0) {
    const names = new Set(written.map((t) => t.value));
    return { Ingress: names.has('Ingress'), Egress: names.has('Egress') };
  }
  return { Ingress: true, Egress: (source.policy.egress?.items.length ?? 0) > 0 };
}

function compileRule(policy: CompiledPolicy, rule: NetworkPolicyRule, index: number, ids: IdSource): CompiledRule {
  const peerItems = rule.peers?.items ?? [];
  const portItems = rule.ports?.items ?? [];
  const peers = peerItems.length === 0 ? null : peerItems.map((peer, i) => compilePeer(peer, i, ids));
  const ports = portItems.length === 0 ? null : portItems.map((port, i) => ({ index: i, path: port.path, range: port.range, matcher: compilePort(port) }));
  let staticPorts = ports === null ? ALL_PORTS : EMPTY_PORTS;
  const named: { protocol: Protocol; name: string }[] = [];
  for (const port of ports ?? []) {
    if (port.matcher.kind === 'numeric') staticPorts = union(staticPorts, port.matcher.ports);
    else if (port.matcher.kind === 'named') named.push({ protocol: port.matcher.protocol, name: port.matcher.name });
  }
  return { id: ids.rules++, policy, direction: rule.direction, index, path: rule.path, range: rule.range, peers, ports, staticPorts, named };
}

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function compilePort(port: NetworkPolicyPort): PortMatcher {
  const protocolText = port.protocol?.value ?? 'TCP';
  if (!isProtocol(protocolText)) return { kind: 'invalid', why: `unsupported protocol "${protocolText}"` };
  const protocol = protocolText;
  const value = port.port?.value;
  const endPort = port.endPort?.value;
  if (value === undefined) {
    if (endPort !== undefined) return { kind: 'invalid', why: 'endPort without port' };
    return { kind: 'numeric', protocol, ports: protocolPorts(protocol) };
  }
  if (typeof value === 'string') {
    if (endPort !== undefined) return { kind: 'invalid', why: 'endPort with a named port' };
    if (value.length > 15 || !IANA_SVC_NAME.test(value) || !/[a-z]/.test(value) || value.includes('--')) return { kind: 'invalid', why: `"${value}" is not a valid port name` };
    return { kind: 'named', protocol, name: value };
  }
  if (value < MIN_PORT || value > MAX_PORT) return { kind: 'invalid', why: `port ${value} is out of range` };
  if (endPort === undefined) return { kind: 'numeric', protocol, ports: portRange(protocol, value, value) };
  if (endPort < value || endPort > MAX_PORT) return { kind: 'invalid', why: `endPort ${endPort} is invalid for port ${value}` };
  return { kind: 'numeric', protocol, ports: portRange(protocol, value, endPort) };
}

function compilePeer(peer: NetworkPolicyPeer, index: number, ids: IdSource): CompiledPeer {
  return { id: ids.peers++, index, path: peer.path, range: peer.range, matcher: peerMatcher(peer) };
}

export function peerMatcher(peer: NetworkPolicyPeer): PeerMatcher {
  if (peer.ipBlock) {
    if (peer.podSelector || peer.namespaceSelector) return { kind: 'invalid', why: 'ipBlock combined with a selector' };
    const cidr = peer.ipBlock.cidr?.value;
    const block = cidr === undefined ? undefined : parseCidr(cidr);
    if (cidr === undefined || !block) return { kind: 'invalid', why: cidr === undefined ? 'ipBlock without cidr' : `invalid CIDR "${cidr}"` };
    const exceptTexts = (peer.ipBlock.except?.items ?? []).map((e) => e.value);
    const holes: AddressRange[] = [];
    for (const text of exceptTexts) {
      const hole = parseCidr(text);
      if (!hole) return { kind: 'invalid', why: `invalid CIDR "${text}" in except` };
      holes.push(hole);
    }
    return { kind: 'ipBlock', cidr, except: exceptTexts, block, addresses: subtractRanges(block, holes) };
  }
  if (!peer.podSelector && !peer.namespaceSelector) return { kind: 'invalid', why: 'empty peer' };
  return {
    kind: 'pods',
    namespaceSelector: peer.namespaceSelector ? compileSelector(peer.namespaceSelector) : undefined,
    podSelector: compileSelector(peer.podSelector),
  };
}
