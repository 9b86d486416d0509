// The connectivity engine. Pods with the same namespace, labels, container
// ports and IPs are indistinguishable to policies, so they form one class:
// policies are compiled once, and each class learns once which policies
// select it and which peers match it. Every question is then answered per
// class, and the work grows with classes, not pods.
import type { Direction } from '../../model/types';
import { Labels, matches } from '../labelSelector';
import { Address, AddressInterval, parseAddress } from './cidr';
import { CompiledPeer, CompiledPolicy, CompiledRule, compilePolicy, IdSource } from './compile';
import { EngineInput, EnginePort, EngineWorkload, METADATA_NAME_LABEL } from './input';
import { ALL_PORTS, contains, EMPTY_PORTS, isAll, intersect, PortSet, portRange, Protocol, union } from './portSet';

export interface EngineOptions {
  /**
   * Whether ipBlock peers also match pods through their `podIPs` (the
   * upstream e2e tests expect it; plugins differ). Default true.
   */
  ipBlockMatchesPodIPs?: boolean;
  /**
   * A workload to itself: `loopback` (default) answers for one pod talking to
   * itself, always allowed; `policy` answers for two pods (replicas) of the
   * workload, as the policies say.
   */
  sameWorkload?: 'loopback' | 'policy';
}

/** The name of the pseudo endpoint "any address outside the cluster". */
export const OUTSIDE = 'outside';

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
  resolvedPorts: (PortSet | undefined)[];
}

/** One side of a connection. */
export type Endpoint =
  | { kind: 'workload'; workload: EngineWorkload; label: string; cls: PodClass }
  | { kind: 'ip'; address: Address; label: string }
  /**
   * Any address outside the cluster, that is any address that is not a known
   * pod IP: allowed when some such address would be. `peerMatches` by peer id.
   */
  | { kind: 'outside'; label: string; peerMatches: Uint8Array };

export interface Probe {
  /** Default TCP. */
  protocol?: Protocol;
  port: number;
}

export class EndpointError extends Error {}

export interface Engine {
  input: EngineInput;
  options: Required<EngineOptions>;
  policies: CompiledPolicy[];
  classes: PodClass[];
  /** Workload id -> class. */
  classOf: Map<string, PodClass>;
  /** Workload id -> display label: `ns/name`, `ns/Kind/name` when kinds share a name, `#2`... for duplicates. */
  labels: Map<string, string>;
  /** Label or id -> workload. */
  byKey: Map<string, EngineWorkload>;
  /** By peer id: whether an ipBlock peer holds some address that is no known pod's IP. */
  outsidePeerMatches: Uint8Array;
}

export function compileEngine(input: EngineInput, options: EngineOptions = {}): Engine {
  const opts: Required<EngineOptions> = { ipBlockMatchesPodIPs: options.ipBlockMatchesPodIPs ?? true, sameWorkload: options.sameWorkload ?? 'loopback' };
  const ids = new IdSource();
  const policies = input.policies.map((p, i) => compilePolicy(p, i, ids));
  const peers: { peer: CompiledPeer; namespace: string }[] = [];
  const policiesByNamespace = new Map<string, CompiledPolicy[]>();
  for (const p of policies) {
    const list = policiesByNamespace.get(p.namespace) ?? [];
    list.push(p);
    policiesByNamespace.set(p.namespace, list);
    for (const rule of [...p.rules.Ingress, ...p.rules.Egress]) for (const peer of rule.peers ?? []) peers[peer.id] = { peer, namespace: p.namespace };
  }
  const namespaceLabels = new Map<string, Labels>();
  for (const ns of input.namespaces) {
    const labels = ns.labels.get(METADATA_NAME_LABEL) === ns.name ? ns.labels : new Map([...ns.labels, [METADATA_NAME_LABEL, ns.name]]);
    if (!namespaceLabels.has(ns.name)) namespaceLabels.set(ns.name, labels);
  }
  const nsLabelsOf = (name: string): Labels => {
    let labels = namespaceLabels.get(name);
    if (!labels) namespaceLabels.set(name, (labels = new Map([[METADATA_NAME_LABEL, name]])));
    return labels;
  };

  const classes: PodClass[] = [];
  const classByKey = new Map<string, PodClass>();
  const classOf = new Map<string, PodClass>();
  for (const w of input.workloads) {
    const key = classKey(w);
    let cls = classByKey.get(key);
    if (!cls) {
      cls = newClass(classes.length, w, nsLabelsOf(w.namespace), policiesByNamespace.get(w.namespace) ?? [], peers, ids, opts);
      classes.push(cls);
      classByKey.set(key, cls);
    }
    cls.workloads.push(w);
    classOf.set(w.id, cls);
  }
  const { labels, byKey } = labelWorkloads(input.workloads);
  const outsidePeerMatches = outsideMatches(peers, classes, ids);
  return { input, options: opts, policies, classes, classOf, labels, byKey, outsidePeerMatches };
}

function classKey(w: EngineWorkload): string {
  const labels = [...w.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ports = w.ports.map((p) => [p.name ?? '', p.containerPort, p.protocol]).sort();
  return JSON.stringify([w.namespace, labels, ports, [...w.podIPs].sort()]);
}

function newClass(
  index: number,
  w: EngineWorkload,
  namespaceLabels: Labels,
  namespacePolicies: CompiledPolicy[],
  peers: { peer: CompiledPeer; namespace: string }[],
  ids: IdSource,
  options: Required<EngineOptions>,
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
  return { index, namespace: w.namespace, labels: w.labels, namespaceLabels, ports: w.ports, addresses, workloads: [], selection, peerMatches, resolvedPorts: new Array(ids.rules) };
}

/** An ipBlock matches "outside" when one of its intervals is larger than the pod IPs inside it. */
function outsideMatches(peers: { peer: CompiledPeer }[], classes: PodClass[], ids: IdSource): Uint8Array {
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

function inIntervals(v: bigint, intervals: readonly AddressInterval[]): boolean {
  for (const [a, b] of intervals) if (a <= v && v <= b) return true;
  return false;
}

function labelWorkloads(workloads: readonly EngineWorkload[]): { labels: Map<string, string>; byKey: Map<string, EngineWorkload> } {
  const count = (key: (w: EngineWorkload) => string) => {
    const m = new Map<string, number>();
    for (const w of workloads) m.set(key(w), (m.get(key(w)) ?? 0) + 1);
    return m;
  };
  const short = (w: EngineWorkload) => `${w.namespace}/${w.name}`;
  const long = (w: EngineWorkload) => `${w.namespace}/${w.kind}/${w.name}`;
  const shortCount = count(short);
  const longCount = count(long);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  const byKey = new Map<string, EngineWorkload>();
  for (const w of workloads) {
    let label = shortCount.get(short(w)) === 1 ? short(w) : long(w);
    if ((longCount.get(long(w)) ?? 0) > 1) {
      const n = (seen.get(long(w)) ?? 0) + 1;
      seen.set(long(w), n);
      if (n > 1) label = `${long(w)}#${n}`;
    }
    labels.set(w.id, label);
  }
  // Ids first, then labels, then `ns/Kind/name` for workloads shown as `ns/name`.
  for (const w of workloads) if (!byKey.has(w.id)) byKey.set(w.id, w);
  for (const w of workloads) if (!byKey.has(labels.get(w.id)!)) byKey.set(labels.get(w.id)!, w);
  for (const w of workloads) if (!byKey.has(long(w))) byKey.set(long(w), w);
  return { labels, byKey };
}

/** `ns/name`, `ns/Kind/name`, a workload id, `outside`, or an IP address. */
export function resolveEndpoint(engine: Engine, key: string): Endpoint {
  const w = engine.byKey.get(key);
  if (w) return { kind: 'workload', workload: w, label: engine.labels.get(w.id)!, cls: engine.classOf.get(w.id)! };
  if (key === OUTSIDE) return outsideEndpoint(engine);
  const address = parseAddress(key);
  if (address) return { kind: 'ip', address, label: key };
  throw new EndpointError(`unknown workload or address "${key}"`);
}

export function outsideEndpoint(engine: Engine): Endpoint {
  return { kind: 'outside', label: OUTSIDE, peerMatches: engine.outsidePeerMatches };
}

export function workloadEndpoint(engine: Engine, w: EngineWorkload): Endpoint {
  return { kind: 'workload', workload: w, label: engine.labels.get(w.id)!, cls: engine.classOf.get(w.id)! };
}

/** Whether `peer` matches the other side of the connection. */
export function peerMatches(peer: CompiledPeer, other: Endpoint): boolean {
  const m = peer.matcher;
  switch (other.kind) {
    case 'workload':
      return other.cls.peerMatches[peer.id] === 1;
    case 'ip':
      return m.kind === 'ipBlock' && other.address.family === m.block.family && inIntervals(other.address.value, m.addresses);
    case 'outside':
      return other.peerMatches[peer.id] === 1;
  }
}

/** The first peer of the rule that matches, `'all'` when the rule has no peers, else undefined. */
export function matchingPeer(rule: CompiledRule, other: Endpoint): CompiledPeer | 'all' | undefined {
  if (rule.peers === null) return 'all';
  return rule.peers.find((p) => peerMatches(p, other));
}

/** The rule's ports with named ports resolved against the destination (none for a bare IP). */
export function rulePorts(rule: CompiledRule, destination: Endpoint): PortSet {
  if (rule.named.length === 0 || destination.kind !== 'workload') return rule.staticPorts;
  const cls = destination.cls;
  const cached = cls.resolvedPorts[rule.id];
  if (cached) return cached;
  let out = rule.staticPorts;
  for (const n of rule.named) {
    for (const cp of cls.ports) if (cp.name === n.name && cp.protocol === n.protocol && cp.containerPort >= 1 && cp.containerPort <= 65535) out = union(out, portRange(n.protocol, cp.containerPort, cp.containerPort));
  }
  cls.resolvedPorts[rule.id] = out;
  return out;
}

/** The pods of `self` that a direction restricts: undefined when `self` is not a pod. */
function selectionOf(self: Endpoint, direction: Direction) {
  return self.kind === 'workload' ? self.cls.selection[direction] : undefined;
}

/**
 * What one direction allows: egress of `source` towards `destination`, or
 * ingress of `destination` from `source`. Everything when not isolated.
 */
export function directionPorts(direction: Direction, source: Endpoint, destination: Endpoint): PortSet {
  const self = direction === 'Egress' ? source : destination;
  const other = direction === 'Egress' ? destination : source;
  const sel = selectionOf(self, direction);
  if (!sel || sel.policies.length === 0) return ALL_PORTS;
  let out = EMPTY_PORTS;
  for (const rule of sel.rules) {
    if (matchingPeer(rule, other) === undefined) continue;
    out = union(out, rulePorts(rule, destination));
    if (isAll(out)) break;
  }
  return out;
}

export function isSameWorkload(engine: Engine, source: Endpoint, destination: Endpoint): boolean {
  return engine.options.sameWorkload === 'loopback' && source.kind === 'workload' && destination.kind === 'workload' && source.workload === destination.workload;
}

/** What the policies allow between two distinct pods (or addresses): egress of one AND ingress of the other. */
export function policyPorts(source: Endpoint, destination: Endpoint): PortSet {
  return intersect(directionPorts('Egress', source, destination), directionPorts('Ingress', source, destination));
}

/** Every (protocol, port) allowed from `source` to `destination`, loopback included. */
export function allowedPorts(engine: Engine, source: Endpoint, destination: Endpoint): PortSet {
  if (isSameWorkload(engine, source, destination)) return ALL_PORTS;
  return policyPorts(source, destination);
}

const compiledInputs = new WeakMap<EngineInput, Map<string, Engine>>();

/** An engine for `input`, compiled once per input object and options. */
export function engineFor(input: EngineInput | Engine, options: EngineOptions = {}): Engine {
  if ('classes' in input) return input;
  const key = `${options.ipBlockMatchesPodIPs ?? true}/${options.sameWorkload ?? 'loopback'}`;
  let byOptions = compiledInputs.get(input);
  if (!byOptions) compiledInputs.set(input, (byOptions = new Map()));
  let engine = byOptions.get(key);
  if (!engine) byOptions.set(key, (engine = compileEngine(input, options)));
  return engine;
}

/**
 * Whether a connection is allowed. `source`/`destination`: a workload id or
 * label (`ns/name`, `ns/Kind/name`), an IP address, or `outside`.
 */
export function isAllowed(input: EngineInput | Engine, source: string, destination: string, probe: Probe, options: EngineOptions = {}): boolean {
  const engine = engineFor(input, options);
  const src = resolveEndpoint(engine, source);
  const dst = resolveEndpoint(engine, destination);
  return contains(allowedPorts(engine, src, dst), probe.protocol ?? 'TCP', probe.port);
}
