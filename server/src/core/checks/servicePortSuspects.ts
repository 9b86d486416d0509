// For netpol/service-port-not-pod-port: per namespace, port number and
// protocol, the Service port entries that may send the port to another pod
// port, with the first pods of each Service. Most Services send a port to a
// pod port of the same number (or a name their pods define as it): whatever
// the rule's destinations, such an entry gives no finding, so it is left out
// once per table instead of being looked at for every rule port of every
// policy (rule ports x Services of the namespace). A table is kept while its
// namespace's Services with the port and its pod labels (workloads) are the
// same objects, checked once per index version. When only pod labels
// changed, a Service's entries are made again only if one of the changed
// workloads has (or had) a label of its selector: the others' pods, found
// through those labels' members, are the same (LabelTable.changedSince).
import type { LabelTable } from '../index/labelTable';
import type { IndexedService, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { ServicePort } from '../model/types';
import { labelPairKey, Labels } from '../policy/labelSelector';

/** Pods of a Service looked at: a Service fronts a few workloads; a bound keeps a label shared by thousands from costing them all. */
export const SERVICE_PODS = 16;

export interface SuspectPort {
  svc: IndexedService;
  sp: ServicePort;
  /** The Service's first pods (`someMatching` order, at most SERVICE_PODS); shared, do not modify. */
  pods: readonly IndexedWorkload[];
}

interface Table {
  suspects: SuspectPort[];
  /** What it was built from, and each Service's entries (in `services` order). */
  services: IndexedService[];
  perService: SuspectPort[][];
  /** Positions in `services` by selector label (`key\0value`), and of the Services with an empty selector (they select every pod). */
  byLabel: Map<string, number[]>;
  everyPod: number[];
  podTable: LabelTable<IndexedWorkload>;
  stamp: number;
  checkedAt: number;
}

const tables = new WeakMap<WorkspaceIndex, Map<string, Table>>();

/** Forgets the index's tables (benchmarks and ratio tests measure cold work). */
export function clearServicePortSuspects(index: WorkspaceIndex): void {
  tables.delete(index);
}

/** The entries of the namespace's Services with `port` that may send it elsewhere, by Service name then port order. */
export function suspectServicePorts(index: WorkspaceIndex, ns: string, port: number, protocol: string): readonly SuspectPort[] {
  let byKey = tables.get(index);
  if (!byKey) tables.set(index, (byKey = new Map()));
  const key = `${ns}\u0000${port}\u0000${protocol}`;
  const hit = byKey.get(key);
  if (hit && hit.checkedAt === index.version) return hit.suspects;
  const podTable = index.podLabels(ns);
  const sameServices = hit !== undefined && hit.podTable === podTable && sameList(index.servicesWithPort(ns, port), hit.services);
  if (hit && sameServices && podTable.stamp === hit.stamp) {
    hit.checkedAt = index.version;
    return hit.suspects;
  }
  const changed = hit && sameServices ? podTable.changedSince(hit.stamp) : undefined;
  let table: Table;
  if (hit && changed) {
    const perService = [...hit.perService];
    for (const i of touched(hit, changed)) perService[i] = entriesOf(index, ns, port, protocol, hit.services[i]);
    table = { ...hit, suspects: sortedByName(perService), perService, stamp: podTable.stamp, checkedAt: index.version };
  } else {
    const services = [...index.servicesWithPort(ns, port)];
    const perService = services.map((svc) => entriesOf(index, ns, port, protocol, svc));
    table = { suspects: sortedByName(perService), services, perService, ...selectorIndex(services), podTable, stamp: podTable.stamp, checkedAt: index.version };
  }
  byKey.set(key, table);
  return table.suspects;
}

function selectorIndex(services: IndexedService[]): Pick<Table, 'byLabel' | 'everyPod'> {
  const byLabel = new Map<string, number[]>();
  const everyPod: number[] = [];
  services.forEach((svc, i) => {
    if (!svc.selector) return;
    if (svc.selector.size === 0) everyPod.push(i);
    for (const [k, v] of svc.selector) {
      const key = labelPairKey(k, v);
      const at = byLabel.get(key);
      if (at) at.push(i);
      else byLabel.set(key, [i]);
    }
  });
  return { byLabel, everyPod };
}

/** The Services whose pods a changed workload may be among: it has (or had) a label of their selector; they are found through those labels' members. */
function touched(t: Table, changed: Labels[]): Set<number> {
  const out = new Set<number>();
  if (changed.length === 0) return out;
  for (const i of t.everyPod) out.add(i);
  for (const labels of changed) for (const [k, v] of labels) for (const i of t.byLabel.get(labelPairKey(k, v)) ?? []) out.add(i);
  return out;
}

function sameList(now: ReadonlySet<IndexedService>, before: IndexedService[]): boolean {
  if (now.size !== before.length) return false;
  let i = 0;
  for (const s of now) if (s !== before[i++]) return false;
  return true;
}

function entriesOf(index: WorkspaceIndex, ns: string, n: number, protocol: string, svc: IndexedService): SuspectPort[] {
  const out: SuspectPort[] = [];
  if (!svc.selector) return out;
  let pods: IndexedWorkload[] | undefined;
  for (const sp of svc.service.ports) {
    if (sp.port.value !== n || sp.protocol !== protocol || sp.targetPort.value === n) continue;
    pods ??= firstPods(index, ns, svc.selector, SERVICE_PODS);
    if (harmless(pods, n, protocol)) continue;
    out.push({ svc, sp, pods });
  }
  return out;
}

/** By Service name (a stable sort: a Service's entries stay in port order); sorted after the filter, the few left. */
function sortedByName(perService: SuspectPort[][]): SuspectPort[] {
  return perService.flat().sort((a, b) => (a.svc.name < b.svc.name ? -1 : a.svc.name > b.svc.name ? 1 : 0));
}

/**
 * The first `limit` workloads of the namespace a Service selector matches, in
 * the order `someMatching` gives them (the smallest posting list of its
 * labels, in table order): this runs for every Service, without its
 * generators and requirement sets.
 */
function firstPods(index: WorkspaceIndex, ns: string, selector: Labels, limit: number): IndexedWorkload[] {
  const table = index.podLabels(ns);
  let smallest: ReadonlySet<IndexedWorkload> | undefined;
  for (const [k, v] of selector) {
    const members = table.members(k, v);
    if (!smallest || members.size < smallest.size) smallest = members;
  }
  const out: IndexedWorkload[] = [];
  for (const w of smallest ?? index.workloadsIn(ns).values()) {
    if (!hasAll(w.labels, selector)) continue;
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

function hasAll(labels: Labels, selector: Labels): boolean {
  for (const [k, v] of selector) if (labels.get(k) !== v) return false;
  return true;
}

/**
 * Whether no choice of destinations among the pods gives a finding: the rule
 * check skips a Service whose chosen pods are none or include one listening
 * on the port (a targetPort name resolving to the port is such a pod too),
 * so every pod listening on it is enough.
 */
function harmless(pods: readonly IndexedWorkload[], n: number, protocol: string): boolean {
  return pods.every((w) => w.workload.ports.some((p) => p.containerPort === n && p.protocol === protocol));
}
