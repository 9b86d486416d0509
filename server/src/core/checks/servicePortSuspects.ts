// For netpol/service-port-not-pod-port: per namespace, port number and
// protocol, the Service port entries that may send the port to another pod
// port, with the first pods of each Service. Most Services send a port to a
// pod port of the same number (or a name their pods define as it): whatever
// the rule's destinations, such an entry gives no finding, so it is left out
// once per table instead of being looked at for every rule port of every
// policy (rule ports x Services of the namespace). A table is checked once
// per index version and kept up to date by its changes: the Services that
// joined (a file re-set makes its Services anew) get their entries made,
// those that left lose theirs (the index's log of them, servicePortLog.ts),
// and when pod labels changed, a Service's entries are made again only if
// one of the changed workloads has (or had) every label of its selector:
// the others' pods are the same (LabelTable.changedSince). A keystroke then
// costs the Services it touches, not the namespace's.
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
  /** Each Service's entries, in the index's order of the Services (its set's: joined last, listed last). */
  perService: Map<IndexedService, SuspectPort[]>;
  /**
   * Each Service under one label of its selector (`key\0value`), the one
   * fewest Services shared when it joined: a workload that has every label
   * of the selector has that one, so the Services it is a pod of are found
   * without walking all those of a common label (`app=backend`). A
   * Service's selector is never empty (model/service.ts stores `{}` as none).
   */
  byLabel: Map<string, Set<IndexedService>>;
  /** The label each Service is filed under. */
  filedUnder: Map<IndexedService, string>;
  podTable: LabelTable<IndexedWorkload>;
  stamp: number;
  /** index.servicesWithPortStamp as of the last update: the log is replayed from it. */
  servicesStamp: number;
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
  const servicesStamp = index.servicesWithPortStamp(ns, port);
  const changed = hit && hit.podTable === podTable ? podTable.changedSince(hit.stamp) : undefined;
  if (hit && changed && update(index, hit, ns, port, protocol, servicesStamp, changed)) {
    hit.stamp = podTable.stamp;
    hit.checkedAt = index.version;
    return hit.suspects;
  }
  const table: Table = { suspects: [], perService: new Map(), byLabel: new Map(), filedUnder: new Map(), podTable, stamp: podTable.stamp, servicesStamp, checkedAt: index.version };
  for (const svc of index.servicesWithPort(ns, port)) join(table, svc, entriesOf(index, ns, port, protocol, svc));
  table.suspects = sortedByName(table.perService);
  byKey.set(key, table);
  return table.suspects;
}

/**
 * Brings a table up to date: the Services that left or joined since (false
 * when the index no longer has all those changes), then those whose pods
 * the label changes may touch. The sorted list is made again only when some
 * Service's entries changed: most Services have none.
 */
function update(index: WorkspaceIndex, t: Table, ns: string, port: number, protocol: string, servicesStamp: number, changed: Labels[]): boolean {
  let dirty = false;
  if (t.servicesStamp !== servicesStamp) {
    const changes = index.servicePortChangesSince(ns, port, t.servicesStamp);
    if (!changes) return false;
    // Applied in order, a Service that joined goes last, as in the index's set.
    for (const { svc, joined } of changes) {
      const before = t.perService.get(svc);
      if (joined) {
        if (before) continue;
        const entries = entriesOf(index, ns, port, protocol, svc);
        join(t, svc, entries);
        if (entries.length > 0) dirty = true;
      } else if (before) {
        leave(t, svc);
        if (before.length > 0) dirty = true;
      }
    }
    t.servicesStamp = servicesStamp;
  }
  for (const svc of touched(t, changed)) {
    const before = t.perService.get(svc);
    if (!before) continue;
    const after = entriesOf(index, ns, port, protocol, svc);
    if (before.length === 0 && after.length === 0) continue;
    t.perService.set(svc, after);
    dirty = true;
  }
  if (dirty) t.suspects = sortedByName(t.perService);
  return true;
}

function join(t: Table, svc: IndexedService, entries: SuspectPort[]): void {
  t.perService.set(svc, entries);
  let best: string | undefined;
  let fewest = Infinity;
  for (const [k, v] of svc.selector ?? []) {
    const key = labelPairKey(k, v);
    const n = t.byLabel.get(key)?.size ?? 0;
    if (n < fewest) {
      fewest = n;
      best = key;
    }
  }
  if (best === undefined) return;
  t.filedUnder.set(svc, best);
  const at = t.byLabel.get(best);
  if (at) at.add(svc);
  else t.byLabel.set(best, new Set([svc]));
}

function leave(t: Table, svc: IndexedService): void {
  t.perService.delete(svc);
  const key = t.filedUnder.get(svc);
  if (key === undefined) return;
  t.filedUnder.delete(svc);
  const at = t.byLabel.get(key);
  at?.delete(svc);
  if (at?.size === 0) t.byLabel.delete(key);
}

/**
 * The Services a changed workload is (or was) a pod of: its labels, before or
 * after, have every label of their selector. Found through the label each
 * Service is filed under (one of its selector's, so one of the workload's);
 * the others' pods are the same pods in the same order (a member
 * joins all its label sets at once, so any posting list gives the pods a
 * selector matches in one order).
 */
function touched(t: Table, changed: Labels[]): Set<IndexedService> {
  const out = new Set<IndexedService>();
  for (const labels of changed) {
    for (const [k, v] of labels) {
      for (const svc of t.byLabel.get(labelPairKey(k, v)) ?? []) if (hasAll(labels, svc.selector!)) out.add(svc);
    }
  }
  return out;
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
function sortedByName(perService: ReadonlyMap<IndexedService, SuspectPort[]>): SuspectPort[] {
  const out: SuspectPort[] = [];
  for (const entries of perService.values()) for (const e of entries) out.push(e);
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
