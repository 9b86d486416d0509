// The connectivity engine. Pods that no policy can tell apart (same
// namespace, same selecting policies, same matching peers, same named ports
// that rules use) form one class: policies are compiled once, and each class
// learns once which policies select it and which peers match it. Every
// question is then answered per class, and the work grows with classes, not
// pods or workloads.
import type { Direction } from '../../model/types';
import type { Labels } from '../labelSelector';
import { Address, parseAddress } from './cidr';
import { CompiledPeer, CompiledPolicy, CompiledRule, compilePolicy, IdSource } from './compile';
import { EngineInput, EngineWorkload, METADATA_NAME_LABEL } from './input';
import { classSignature, inIntervals, NamespaceScope, namespaceScope, newClass, outsideMatches, PodClass, projectionKey, referencedPortNames } from './classes';
import { labelWorkloads } from './workloadKeys';
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

  // Classes by signature; workloads with the same projection (the labels,
  // named ports and IPs their namespace's selectors can see) share one
  // without the selectors being evaluated again.
  const portNames = referencedPortNames(policies);
  const scopes = new Map<string, NamespaceScope>();
  const classes: PodClass[] = [];
  const byProjection = new Map<string, PodClass>();
  const bySignature = new Map<string, PodClass>();
  const classOf = new Map<string, PodClass>();
  for (const w of input.workloads) {
    let scope = scopes.get(w.namespace);
    if (!scope) scopes.set(w.namespace, (scope = namespaceScope(w.namespace, nsLabelsOf(w.namespace), policiesByNamespace.get(w.namespace) ?? [], peers)));
    const projection = projectionKey(w, scope, portNames);
    let cls = byProjection.get(projection);
    if (!cls) {
      const candidate = newClass(classes.length, w, scope.namespaceLabels, scope.policies, scope.peers, ids, opts);
      const signature = classSignature(candidate, scope, portNames);
      cls = bySignature.get(signature);
      if (!cls) {
        cls = candidate;
        classes.push(cls);
        bySignature.set(signature, cls);
      }
      byProjection.set(projection, cls);
    }
    if (cls.workloads.length > 0) addAddresses(cls, w);
    cls.workloads.push(w);
    classOf.set(w.id, cls);
  }
  const { labels, byKey } = labelWorkloads(input.workloads);
  const outsidePeerMatches = outsideMatches(peers, classes, ids);
  return { input, options: opts, policies, classes, classOf, labels, byKey, outsidePeerMatches };
}

/** Pod IPs of a workload joining a class (its first workload's are there already). */
function addAddresses(cls: PodClass, w: EngineWorkload): void {
  for (const ip of w.podIPs) {
    const a = parseAddress(ip);
    if (a && !cls.addresses.some((b) => b.family === a.family && b.value === a.value)) cls.addresses.push(a);
  }
}

/**
 * The class as seen from one of its workloads: shared selection, peer
 * matches and caches, with the workload's own labels and ports (ports whose
 * names no policy uses may differ within a class, and probes resolve them).
 */
function classView(cls: PodClass, w: EngineWorkload): PodClass {
  if (cls.ports === w.ports && cls.labels === w.labels) return cls;
  const view = Object.create(cls) as PodClass;
  view.ports = w.ports;
  view.labels = w.labels;
  return view;
}

/** `ns/name`, `ns/Kind/name`, a workload id, `outside`, or an IP address. */
export function resolveEndpoint(engine: Engine, key: string): Endpoint {
  const w = engine.byKey.get(key);
  if (w) return workloadEndpoint(engine, w);
  if (key === OUTSIDE) return outsideEndpoint(engine);
  const address = parseAddress(key);
  if (address) return { kind: 'ip', address, label: key };
  throw new EndpointError(`unknown workload or address "${key}"`);
}

export function outsideEndpoint(engine: Engine): Endpoint {
  return { kind: 'outside', label: OUTSIDE, peerMatches: engine.outsidePeerMatches };
}

export function workloadEndpoint(engine: Engine, w: EngineWorkload): Endpoint {
  return { kind: 'workload', workload: w, label: engine.labels.get(w.id)!, cls: classView(engine.classOf.get(w.id)!, w) };
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
  const cached = cls.resolvedPorts.get(rule.id);
  if (cached) return cached;
  let out = rule.staticPorts;
  for (const n of rule.named) {
    for (const cp of cls.ports) if (cp.name === n.name && cp.protocol === n.protocol && cp.containerPort >= 1 && cp.containerPort <= 65535) out = union(out, portRange(n.protocol, cp.containerPort, cp.containerPort));
  }
  cls.resolvedPorts.set(rule.id, out);
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
