// Pods that no policy can tell apart form one class: same namespace, selected
// by the same policies, matched by the same peers, with the same named ports
// that policies refer to (and their numbers). Labels no selector reads do not
// split classes, so a unique `instance` label per workload costs nothing.
// Each class learns once which policies select it and which peers match it.
import type { Direction } from '../../model/types';
import { CompiledSelector, Labels, matches } from '../labelSelector';
import { Address, AddressInterval, parseAddress } from './cidr';
import type { CompiledPeer, CompiledPolicy, CompiledRule, IdSource } from './compile';
import type { EnginePort, EngineWorkload } from './input';
import type { PortSet } from './portSet';

export interface ClassOptions {
  ipBlockMatchesPodIPs: boolean;
}

export interface PodClass {
  index: number;
  namespace: string;
  /** The first workload's labels (others differ only in labels no selector reads). */
  labels: Labels;
  namespaceLabels: Labels;
  /**
   * The first workload's container ports; the ports whose names policies use
   * are the same for every workload of the class. Endpoints (`resolveEndpoint`)
   * carry a view of the class with their own workload's ports and labels.
   */
  ports: readonly EnginePort[];
  /** Pod IPs of all its workloads. */
  addresses: Address[];
  workloads: EngineWorkload[];
  /** Per direction: the policies selecting the class that govern it, and their rules. */
  selection: Record<Direction, { policies: CompiledPolicy[]; rules: CompiledRule[] }>;
  /** By peer id: whether this class's pods match that peer of its policy. */
  peerMatches: Uint8Array;
  /** By rule id: the rule's ports resolved against this class as destination. */
  resolvedPorts: Map<number, PortSet>;
}

/** The old, finer key: namespace, all labels, ports and IPs. Equal keys imply equal signatures. */
export function classKey(w: EngineWorkload): string {
  const labels = [...w.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ports = w.ports.map((p) => [p.name ?? '', p.containerPort, p.protocol]).sort();
  return JSON.stringify([w.namespace, labels, ports, [...w.podIPs].sort()]);
}

export function newClass(
  index: number,
  w: EngineWorkload,
  namespaceLabels: Labels,
  namespacePolicies: CompiledPolicy[],
  peers: { peer: CompiledPeer; namespace: string }[],
  ids: IdSource,
  options: ClassOptions,
): PodClass {
  const addresses = w.podIPs.map(parseAddress).filter((a): a is Address => a !== undefined);
  const selection: PodClass['selection'] = { Ingress: { policies: [], rules: [] }, Egress: { policies: [], rules: [] } };
  for (const p of namespacePolicies) {
    if (!matches(p.podSelector, w.labels)) continue;
    for (const d of ['Ingress', 'Egress'] as const) {
      if (!p.affects[d]) continue;
      selection[d].policies.push(p);
      selection[d].rules.push(...p.rules[d]);
    }
  }
  const peerMatches = new Uint8Array(ids.peers);
  for (const entry of peers) {
    if (!entry) continue;
    const m = entry.peer.matcher;
    let hit = false;
    if (m.kind === 'pods') {
      const nsOk = m.namespaceSelector === undefined ? w.namespace === entry.namespace : matches(m.namespaceSelector, namespaceLabels);
      hit = nsOk && matches(m.podSelector, w.labels);
    } else if (m.kind === 'ipBlock') {
      // A pod with several IPs (dual stack) matches when one of them is inside.
      hit = options.ipBlockMatchesPodIPs && addresses.some((a) => a.family === m.block.family && inIntervals(a.value, m.addresses));
    }
    peerMatches[entry.peer.id] = hit ? 1 : 0;
  }
  return { index, namespace: w.namespace, labels: w.labels, namespaceLabels, ports: w.ports, addresses, workloads: [], selection, peerMatches, resolvedPorts: new Map() };
}

type ScopedPeer = { peer: CompiledPeer; namespace: string };

/** What can tell the pods of one namespace apart. */
export interface NamespaceScope {
  namespace: string;
  namespaceLabels: Labels;
  /** Policies of the namespace: they may select its pods. */
  policies: CompiledPolicy[];
  /** Pod peers (of any policy) whose namespace part admits this namespace, and every ipBlock peer. */
  peers: ScopedPeer[];
  /** Label keys read by those policies' podSelectors and those peers' podSelectors, sorted. */
  keys: string[];
}

export function namespaceScope(namespace: string, namespaceLabels: Labels, policies: CompiledPolicy[], peers: readonly (ScopedPeer | undefined)[]): NamespaceScope {
  const relevant: ScopedPeer[] = [];
  const keys = new Set<string>();
  const read = (sel: CompiledSelector | undefined) => {
    for (const r of sel ?? []) keys.add(r.key);
  };
  for (const p of policies) read(p.podSelector);
  for (const entry of peers) {
    if (!entry) continue;
    const m = entry.peer.matcher;
    if (m.kind === 'ipBlock') relevant.push(entry);
    else if (m.kind === 'pods' && (m.namespaceSelector === undefined ? entry.namespace === namespace : matches(m.namespaceSelector, namespaceLabels))) {
      relevant.push(entry);
      read(m.podSelector);
    }
  }
  return { namespace, namespaceLabels, policies, peers: relevant, keys: [...keys].sort() };
}

/** Names of ports that some rule refers to: only those can tell pods apart. */
export function referencedPortNames(policies: readonly CompiledPolicy[]): Set<string> {
  const names = new Set<string>();
  for (const p of policies) for (const r of [...p.rules.Ingress, ...p.rules.Egress]) for (const n of r.named) names.add(n.name);
  return names;
}

function relevantPorts(ports: readonly EnginePort[], portNames: ReadonlySet<string>): string {
  const out: string[] = [];
  for (const p of ports) if (p.name !== undefined && portNames.has(p.name)) out.push(`${p.name}/${p.protocol}/${p.containerPort}`);
  return out.sort().join(',');
}

/**
 * A cheap key such that equal keys give equal classes: the values of the keys
 * the scope reads (absent apart from any value), the referenced named ports,
 * and the pod IPs. Classes are then merged by `classSignature`.
 */
export function projectionKey(w: EngineWorkload, scope: NamespaceScope, portNames: ReadonlySet<string>): string {
  const values = scope.keys.map((k) => w.labels.get(k) ?? null);
  return JSON.stringify([w.namespace, values, relevantPorts(w.ports, portNames), w.podIPs.length ? [...w.podIPs].sort() : 0]);
}

/** What policies see of a class: equal signatures, indistinguishable pods. */
export function classSignature(cls: PodClass, scope: NamespaceScope, portNames: ReadonlySet<string>): string {
  const hits: number[] = [];
  for (const { peer } of scope.peers) if (cls.peerMatches[peer.id] === 1) hits.push(peer.id);
  const selected = (d: Direction) => cls.selection[d].policies.map((p) => p.index).join(',');
  return JSON.stringify([cls.namespace, selected('Ingress'), selected('Egress'), hits.join(','), relevantPorts(cls.ports, portNames)]);
}

/** An ipBlock matches "outside" when one of its intervals is larger than the pod IPs inside it. */
export function outsideMatches(peers: { peer: CompiledPeer }[], classes: PodClass[], ids: IdSource): Uint8Array {
  const podIPs: Record<4 | 6, bigint[]> = { 4: [], 6: [] };
  const seen = new Set<string>();
  for (const cls of classes) {
    for (const a of cls.addresses) {
      const key = `${a.family}/${a.value}`;
      if (!seen.has(key)) podIPs[a.family].push(a.value), seen.add(key);
    }
  }
  for (const list of Object.values(podIPs)) list.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out = new Uint8Array(ids.peers);
  for (const entry of peers) {
    if (!entry || entry.peer.matcher.kind !== 'ipBlock') continue;
    const m = entry.peer.matcher;
    const ips = podIPs[m.block.family];
    out[entry.peer.id] = m.addresses.some(([a, b]) => b - a + 1n > BigInt(countBetween(ips, a, b))) ? 1 : 0;
  }
  return out;
}

/** How many of the sorted `values` lie in `[a, b]`. */
function countBetween(values: bigint[], a: bigint, b: bigint): number {
  const lowerBound = (x: bigint, strict: boolean) => {
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? values[mid] <= x : values[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return lowerBound(b, true) - lowerBound(a, false);
}

export function inIntervals(v: bigint, intervals: readonly AddressInterval[]): boolean {
  for (const [a, b] of intervals) if (a <= v && v <= b) return true;
  return false;
}

