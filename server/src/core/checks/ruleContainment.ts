// Whether everything one rule allows is allowed by another of the same
// policy and direction (peers and ports alike). Sound, not complete: it
// answers true only when it can prove it, so netpol/redundant-rule never
// calls a rule redundant that adds something. A rule's connections are its
// peers times its ports, so A is within B when A's peers are within B's and
// A's ports within B's.
import type { NetworkPolicyRule } from '../model/types';
import { compilePort, peerMatcher, PeerMatcher, PortMatcher } from '../policy/engine/compile';
import { MAX_PORT, MIN_PORT } from '../policy/engine/portSet';
import type { CompiledSelector, Requirement } from '../policy/labelSelector';
import { coverageOf, coversName, coversPorts, coversRange, PortCoverage } from './portCoverage';

/** A rule reduced for comparison; `undefined` when something in it is invalid (validation reports it). */
export interface RuleShape {
  /** `null`: every peer. */
  peers: Exclude<PeerMatcher, { kind: 'invalid' }>[] | null;
  /** `null`: every port. */
  ports: Exclude<PortMatcher, { kind: 'invalid' }>[] | null;
  coverage: PortCoverage;
}

/** Port entries of one rule compared at most; beyond, the rule is generated and not ours to tidy. */
const MAX_PORTS = 1000;

export function ruleShape(rule: NetworkPolicyRule): RuleShape | undefined {
  const peerItems = rule.peers?.items ?? [];
  const portItems = rule.ports?.items ?? [];
  if (portItems.length > MAX_PORTS || peerItems.length > MAX_PORTS) return undefined;
  const peers = peerItems.map(peerMatcher);
  const ports = portItems.map(compilePort);
  if (peers.some((p) => p.kind === 'invalid') || ports.some((p) => p.kind === 'invalid')) return undefined;
  const valid = portItems.length === 0 ? null : (ports as NonNullable<RuleShape['ports']>);
  return { peers: peerItems.length === 0 ? null : (peers as RuleShape['peers']), ports: valid, coverage: coverageOf(valid) };
}

/** Every connection `a` allows, `b` allows too (proved; false when unsure). */
export function ruleWithin(a: RuleShape, b: RuleShape): boolean {
  return peersWithin(a, b) && portsWithin(a, b);
}

function peersWithin(a: RuleShape, b: RuleShape): boolean {
  if (b.peers === null) return true;
  if (a.peers === null) return false;
  return a.peers.every((p) => b.peers!.some((q) => peerWithin(p, q)));
}

function portsWithin(a: RuleShape, b: RuleShape): boolean {
  if (b.ports === null) return true;
  if (a.ports === null) return false;
  return a.ports.every((p) => {
    if (p.kind === 'numeric') return coversPorts(b.coverage, p);
    // A named port resolves to some port of its protocol, on the destination pod.
    return coversRange(b.coverage, p.protocol, MIN_PORT, MAX_PORT) || coversName(b.coverage, p.protocol, p.name);
  });
}

type ValidPeer = Exclude<PeerMatcher, { kind: 'invalid' }>;

function peerWithin(p: ValidPeer, q: ValidPeer): boolean {
  if (p.kind === 'ipBlock' || q.kind === 'ipBlock') {
    // Whether pod IPs fall in an ipBlock is implementation-defined: only blocks compare with blocks.
    if (p.kind !== 'ipBlock' || q.kind !== 'ipBlock' || p.block.family !== q.block.family) return false;
    return p.addresses.every(([s, e]) => q.addresses.some(([qs, qe]) => qs <= s && e <= qe));
  }
  const namespacesWithin =
    q.namespaceSelector === undefined
      ? p.namespaceSelector === undefined
      : p.namespaceSelector === undefined
        ? q.namespaceSelector !== null && q.namespaceSelector.length === 0
        : selectorWithin(p.namespaceSelector, q.namespaceSelector);
  return namespacesWithin && selectorWithin(p.podSelector, q.podSelector);
}

/** Every label set `p` matches, `q` matches: each requirement of `q` follows from one of `p`. */
export function selectorWithin(p: CompiledSelector, q: CompiledSelector): boolean {
  if (p === null || q === null) return false;
  return q.every((rq) => p.some((rp) => implies(rp, rq)));
}

function implies(p: Requirement, q: Requirement): boolean {
  if (p.key !== q.key) return false;
  switch (q.op) {
    case 'In':
      return p.op === 'In' && [...p.values].every((v) => q.values.has(v));
    case 'NotIn':
      if (p.op === 'In') return [...p.values].every((v) => !q.values.has(v));
      if (p.op === 'NotIn') return [...q.values].every((v) => p.values.has(v));
      return p.op === 'DoesNotExist';
    case 'Exists':
      return p.op === 'In' || p.op === 'Exists';
    case 'DoesNotExist':
      return p.op === 'DoesNotExist';
  }
}
