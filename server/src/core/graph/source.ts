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
    const cluster = clusterOf?.(e.workloadId);
    return {
      key: e.key,
      kind: 'workload',
      namespace: e.namespace,
      ...(e.pods !== undefined ? { pods: e.pods } : {}),
      ...(cluster !== undefined ? { cluster } : {}),
      cls: cls.index,
      isolated: { ingress: cls.selection.Ingress.policies.length > 0, egress: cls.selection.Egress.policies.length > 0 },
    };
  });
  return { endpoints, ports: classCache(outsideClass + 1, (a, b) => portsFromVerdict(m.verdict(a.key, b.key))) };
}

function jsonSource(m: MatrixJson, clusterOf?: (workloadId: string) => string | undefined): GraphSource {
  const raw = (Array.isArray(m.endpoints) ? m.endpoints : []) as JsonEndpoint[];
  const cell = (from: string, to: string) => {
    const v = m.matrix?.[from]?.[to];
    return v === undefined ? undefined : portsFromVerdict(v);
  };
  const endpoints = raw.map((e, i): SourceEndpoint => {
    if (e.kind === 'outside') return { key: e.key, kind: 'outside', cls: i, isolated: { ingress: false, egress: false } };
    const cluster = e.cluster ?? (e.workloadId === undefined ? undefined : clusterOf?.(e.workloadId));
    return {
      key: e.key,
      kind: 'workload',
      namespace: e.namespace,
      ...(e.pods !== undefined ? { pods: e.pods } : {}),
      ...(cluster !== undefined ? { cluster } : {}),
      cls: i,
      // Without the policies: restricted when some other endpoint may not use every port.
      isolated: e.isolated ?? {
        ingress: raw.some((o) => o !== e && !(o.kind === 'outside' && e.kind === 'outside') && cell(o.key, e.key) !== 'all'),
        egress: raw.some((o) => o !== e && cell(e.key, o.key) !== 'all'),
      },
    };
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
