// What buildGraph reads from a matrix, the same for the engine's
// ConnectivityMatrix (in the CLI and the server) and its JSON form (`netpol
// matrix --format json`, or a message to the webview): endpoints with a class
// number, and the port set between two distinct endpoints, computed once per
// pair of classes (the engine's classes answer alike; the JSON has one class
// per endpoint). The engine's matrix adds the ipBlocks its policies name
// (ipBlocks.ts), and says which rules allow each connection.
import { responsibleRules } from '../policy/engine/responsibleRules';
import { ConnectivityMatrix, Endpoint, EMPTY_PORTS, isEmpty, MatrixJson, OUTSIDE, outsideEndpoint, parseAddress, policyPorts, PortSet, union, verdictOf, workloadEndpoint as engineWorkloadEndpoint } from '../policy/engine';
import { addressSpace } from './ipBlocks';
import { PortList, portsFromVerdict } from './ports';
import { compareRuleIds, ruleId } from './ruleIds';

export interface SourceEndpoint {
  key: string;
  kind: 'workload' | 'outside' | 'ipblock';
  /** ipBlocks: the CIDR (the key adds the except list). */
  label?: string;
  /** ipBlocks: the except list, sorted. */
  except?: string[];
  namespace?: string;
  workloadId?: string;
  pods?: number;
  cluster?: string;
  /** Endpoints of one class have the same connectivity to everything else. */
  cls: number;
  isolated: { ingress: boolean; egress: boolean };
}

export interface GraphSource {
  endpoints: SourceEndpoint[];
  /** Allowed ports between two different endpoints; undefined when none. */
  ports(from: SourceEndpoint, to: SourceEndpoint): PortList | undefined;
  /** The rules that allow the connection (ids as ruleIds.ts writes them, sorted); only the engine's matrix knows them. */
  rules?(from: SourceEndpoint, to: SourceEndpoint): readonly string[];
}

/** A JSON endpoint may say whether it is isolated and what it is in the cluster model. */
type JsonEndpoint = MatrixJson['endpoints'][number] & { cluster?: string; isolated?: { ingress: boolean; egress: boolean } };

export function isConnectivityMatrix(m: ConnectivityMatrix | MatrixJson): m is ConnectivityMatrix {
  return typeof (m as ConnectivityMatrix).ports === 'function';
}

export function graphSource(m: ConnectivityMatrix | MatrixJson, clusterOf?: (workloadId: string) => string | undefined): GraphSource {
  return isConnectivityMatrix(m) ? engineSource(m, clusterOf) : jsonSource(m, clusterOf);
}

function engineSource(m: ConnectivityMatrix, clusterOf?: (workloadId: string) => string | undefined): GraphSource {
  const { engine } = m;
  const outsideClass = engine.classes.length;
  // ipBlock nodes only when outside means any address: one address stands for itself alone.
  const space = m.outside === 'any' ? addressSpace(engine) : undefined;
  const blocks = space?.blocks ?? [];
  const endpoints = m.endpoints.map((e): SourceEndpoint => {
    if (e.kind === 'outside' || e.workloadId === undefined) return { key: e.key, kind: 'outside', cls: outsideClass, isolated: { ingress: false, egress: false } };
    const cls = engine.classOf.get(e.workloadId)!;
    const isolated = { ingress: cls.selection.Ingress.policies.length > 0, egress: cls.selection.Egress.policies.length > 0 };
    return workloadEndpoint(e, clusterOf?.(e.workloadId), cls.index, isolated);
  });
  if (m.outside !== false) {
    blocks.forEach((b, i) => endpoints.push({ key: b.key, kind: 'ipblock', label: b.cidr, except: b.except, cls: outsideClass + 1 + i, isolated: { ingress: false, egress: false } }));
  }
  // What the engine evaluates for each side: a workload's class, or the addresses a node stands for.
  const reps = engine.classes.map((cls) => engineWorkloadEndpoint(engine, cls.workloads[0]));
  const outsideEnds: Endpoint[] =
    m.outside === false ? [] : blocks.length > 0 ? (space!.rest ? [space!.rest] : []) : [m.outside === 'any' ? outsideEndpoint(engine) : { kind: 'ip', address: parseAddress(m.outside)!, label: OUTSIDE }];
  const ends = (e: SourceEndpoint): Endpoint[] =>
    e.kind === 'workload' ? [reps[e.cls]] : e.kind === 'outside' ? outsideEnds : blocks[e.cls - outsideClass - 1].samples.map((i) => space!.samples[i]);
  const external = (e: SourceEndpoint) => e.kind !== 'workload';
  const classes = outsideClass + 1 + blocks.length;
  const ports = classCache(classes, (a, b) => {
    // Outside to outside is no policy's business.
    if (external(a) && external(b)) return undefined;
    if (blocks.length === 0 || (!external(a) && !external(b))) return portsFromVerdict(m.verdict(a.key, b.key));
    let out: PortSet = EMPTY_PORTS;
    for (const x of ends(a)) for (const y of ends(b)) out = union(out, policyPorts(x, y));
    return portsFromVerdict(verdictOf(out));
  });
  const rulesCache = new Map<number, readonly string[]>();
  const rules = (a: SourceEndpoint, b: SourceEndpoint): readonly string[] => {
    const slot = a.cls * classes + b.cls;
    let list = rulesCache.get(slot);
    if (!list) {
      const ids = new Set<string>();
      for (const x of ends(a)) {
        for (const y of ends(b)) {
          const allowed = policyPorts(x, y);
          if (isEmpty(allowed)) continue;
          for (const r of responsibleRules(x, y, allowed).rules) ids.add(ruleId(r));
        }
      }
      list = [...ids].sort(compareRuleIds);
      rulesCache.set(slot, list);
    }
    return list;
  };
  return { endpoints, ports, rules };
}

function jsonSource(m: MatrixJson, clusterOf?: (workloadId: string) => string | undefined): GraphSource {
  const raw = (Array.isArray(m.endpoints) ? m.endpoints : []) as JsonEndpoint[];
  const cell = (from: string, to: string) => {
    const v = m.matrix?.[from]?.[to];
    return v === undefined ? undefined : portsFromVerdict(v);
  };
  // Without the policies, isolation is read off the cells. Outside's own
  // traffic is not governed by policies, so a restricted cell from (to)
  // outside means the workload is isolated for ingress (egress); without an
  // outside endpoint: a restricted cell in its column (row, to a workload
  // that is not isolated for ingress).
  const outside = raw.find((e) => e.kind === 'outside');
  const ingress = (e: JsonEndpoint) =>
    outside ? cell(outside.key, e.key) !== 'all' : raw.some((o) => o !== e && cell(o.key, e.key) !== 'all');
  const ingressOf = new Map(raw.map((e) => [e, e.isolated?.ingress ?? (e.kind === 'outside' ? false : ingress(e))]));
  const egress = (e: JsonEndpoint) =>
    outside ? cell(e.key, outside.key) !== 'all' : raw.some((o) => o !== e && !ingressOf.get(o) && cell(e.key, o.key) !== 'all');
  const endpoints = raw.map((e, i): SourceEndpoint => {
    if (e.kind === 'outside') return { key: e.key, kind: 'outside', cls: i, isolated: { ingress: false, egress: false } };
    const cluster = e.cluster ?? (e.workloadId === undefined ? undefined : clusterOf?.(e.workloadId));
    return workloadEndpoint(e, cluster, i, e.isolated ?? { ingress: ingressOf.get(e)!, egress: egress(e) });
  });
  return { endpoints, ports: classCache(raw.length, (a, b) => cell(a.key, b.key)) };
}

/** Port sets per ordered pair of classes, computed on first use. */
function classCache(classes: number, compute: (a: SourceEndpoint, b: SourceEndpoint) => PortList | undefined): GraphSource['ports'] {
  const UNKNOWN = 0;
  const NONE = 1;
  const slots = new Int32Array(classes * classes);
  const values: PortList[] = [];
  return (a, b) => {
    const i = a.cls * classes + b.cls;
    let slot = slots[i];
    if (slot === UNKNOWN) {
      const p = compute(a, b);
      if (p === undefined) slot = NONE;
      else {
        values.push(p);
        slot = values.length + 1;
      }
      slots[i] = slot;
    }
    return slot === NONE ? undefined : values[slot - 2];
  };
}

/** A workload endpoint of either matrix form, optional fields only when known. */
function workloadEndpoint(
  e: { key: string; namespace?: string; workloadId?: string; pods?: number },
  cluster: string | undefined,
  cls: number,
  isolated: SourceEndpoint['isolated'],
): SourceEndpoint {
  return {
    key: e.key,
    kind: 'workload',
    namespace: e.namespace,
    ...(e.workloadId !== undefined ? { workloadId: e.workloadId } : {}),
    ...(e.pods !== undefined ? { pods: e.pods } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    cls,
    isolated,
  };
}
