// Pods with the same namespace, labels, container ports and IPs are
// indistinguishable to policies: one class. Each class learns once which
// policies select it and which peers match it.
import type { Direction } from '../../model/types';
import { Labels, matches } from '../labelSelector';
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
  labels: Labels;
  namespaceLabels: Labels;
  ports: readonly EnginePort[];
  addresses: Address[];
  workloads: EngineWorkload[];
  /** Per direction: the policies selecting the class that govern it, and their rules. */
  selection: Record<Direction, { policies: CompiledPolicy[]; rules: CompiledRule[] }>;
  /** By peer id: whether this class's pods match that peer of its policy. */
  peerMatches: Uint8Array;
  /** By rule id: the rule's ports resolved against this class as destination. */
  resolvedPorts: Map<number, PortSet>;
}

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

