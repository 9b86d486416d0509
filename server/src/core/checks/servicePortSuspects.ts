// For netpol/service-port-not-pod-port: per namespace, port number and
// protocol, the Service port entries that may send the port to another pod
// port, with the first pods of each Service. Most Services send a port to a
// pod port of the same number (or a name their pods define as it): whatever
// the rule's destinations, such an entry gives no finding, so it is left out
// once per table instead of being looked at for every rule port of every
// policy (rule ports x Services of the namespace). A table is kept while its
// namespace's Services with the port and its pod labels (workloads) are the
// same objects, checked once per index version.
import type { LabelTable } from '../index/labelTable';
import type { IndexedService, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { ServicePort } from '../model/types';
import type { Labels } from '../policy/labelSelector';

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
  /** What it was built from. */
  services: IndexedService[];
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
  if (hit && (hit.checkedAt === index.version || stillValid(index, ns, port, hit))) {
    hit.checkedAt = index.version;
    return hit.suspects;
  }
  const services = [...index.servicesWithPort(ns, port)];
  const podTable = index.podLabels(ns);
  const table: Table = { suspects: build(index, ns, port, protocol, services), services, podTable, stamp: podTable.stamp, checkedAt: index.version };
  byKey.set(key, table);
  return table.suspects;
}

function stillValid(index: WorkspaceIndex, ns: string, port: number, t: Table): boolean {
  const podTable = index.podLabels(ns);
  if (podTable !== t.podTable || podTable.stamp !== t.stamp) return false;
  const now = index.servicesWithPort(ns, port);
  if (now.size !== t.services.length) return false;
  let i = 0;
  for (const s of now) if (s !== t.services[i++]) return false;
  return true;
}

function build(index: WorkspaceIndex, ns: string, n: number, protocol: string, services: IndexedService[]): SuspectPort[] {
  const out: SuspectPort[] = [];
  for (const svc of services) {
    if (!svc.selector) continue;
    let pods: IndexedWorkload[] | undefined;
    for (const sp of svc.service.ports) {
      if (sp.port.value !== n || sp.protocol !== protocol || sp.targetPort.value === n) continue;
      pods ??= firstPods(index, ns, svc.selector, SERVICE_PODS);
      if (harmless(pods, n, protocol)) continue;
      out.push({ svc, sp, pods });
    }
  }
  // By Service name (a stable sort: a Service's entries stay in port order); sorted after the filter, the few left.
  return out.sort((a, b) => (a.svc.name < b.svc.name ? -1 : a.svc.name > b.svc.name ? 1 : 0));
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
