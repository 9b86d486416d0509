// What buildGraph reads from a matrix, the same for the engine's
// ConnectivityMatrix (in the CLI and the server) and its JSON form (`netpol
// matrix --format json`, or a message to the webview): endpoints with a class
// number, and the port set between two distinct endpoints, computed once per
// pair of classes (the engine's classes answer alike; the JSON has one class
// per endpoint).
import type { ConnectivityMatrix, MatrixJson } from '../policy/engine';
import { PortList, portsFromVerdict } from './ports';

export interface SourceEndpoint {
  key: string;
  kind: 'workload' | 'outside';
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
  const endpoints = m.endpoints.map((e): SourceEndpoint => {
    if (e.kind === 'outside' || e.workloadId === undefined) return { key: e.key, kind: 'outside', cls: outsideClass, isolated: { ingress: false, egress: false } };
    const cls = engine.classOf.get(e.workloadId)!;
    const isolated = { ingress: cls.selection.Ingress.policies.length > 0, egress: cls.selection.Egress.policies.length > 0 };
    return workloadEndpoint(e, clusterOf?.(e.workloadId), cls.index, isolated);
  });
  return { endpoints, ports: classCache(outsideClass + 1, (a, b) => portsFromVerdict(m.verdict(a.key, b.key))) };
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
