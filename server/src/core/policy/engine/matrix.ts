// Who reaches whom: every ordered pair of workloads, plus "outside the
// cluster" as a source and a destination. Computed per pair of classes with
// exact port intervals, then looked up per pair of workloads.
import { Endpoint, Engine, EngineOptions, engineFor, EndpointError, OUTSIDE, outsideEndpoint, policyPorts, resolveEndpoint, workloadEndpoint } from './engine';
import type { EngineInput } from './input';
import { parseAddress } from './cidr';
import { ALL_PORTS, formatRange, isAll, isEmpty, parseRange, PortRange, PortSet, Protocol, toRanges } from './portSet';

export interface MatrixOptions extends EngineOptions {
  /**
   * What "outside the cluster" stands for. `any` (default): any address that
   * is no workload's pod IP; a cell shows what at least one such address may
   * do (an ipBlock holding such an address, or a rule without peers, allows
   * it). An IP address (e.g. `203.0.113.1`): that address's answer. `false`:
   * no outside row and column. Outside to outside is not governed by
   * policies: `ports()` answers all, `matrixToJson` leaves the cell out.
   */
  outside?: 'any' | string | false;
}

export type Verdict =
  | { kind: 'all' }
  | { kind: 'none' }
  /** Some ports: sorted by protocol (TCP, UDP, SCTP) then port. */
  | { kind: 'ports'; ranges: PortRange[] };

export interface MatrixEndpoint {
  /** Display key: `ns/name` (or `ns/Kind/name`), or `outside`. */
  key: string;
  kind: 'workload' | 'outside';
  workloadId?: string;
  workloadKind?: string;
  namespace?: string;
  name?: string;
  /** Pods grouped under a controller (cluster dumps): how many. */
  pods?: number;
}

export interface ConnectivityMatrix {
  engine: Engine;
  /** `any`, an IP address, or false. */
  outside: string | false;
  /** Workloads in input order, then `outside` when shown. */
  endpoints: MatrixEndpoint[];
  /** Allowed ports from one endpoint key (or workload id) to another. */
  ports(from: string, to: string): PortSet;
  verdict(from: string, to: string): Verdict;
}

export function verdictOf(ports: PortSet): Verdict {
  if (isAll(ports)) return { kind: 'all' };
  if (isEmpty(ports)) return { kind: 'none' };
  return { kind: 'ports', ranges: toRanges(ports) };
}

export function computeMatrix(input: EngineInput | Engine, options: MatrixOptions = {}): ConnectivityMatrix {
  const engine = engineFor(input, options);
  const outsideSetting = options.outside === undefined ? 'any' : options.outside;
  if (outsideSetting !== false && outsideSetting !== 'any' && !parseAddress(outsideSetting)) throw new EndpointError(`"${outsideSetting}" is not an IP address`);
  // One representative endpoint per class, and one for outside.
  const reps: Endpoint[] = engine.classes.map((cls) => workloadEndpoint(engine, cls.workloads[0]));
  const outsideRep: Endpoint | undefined =
    outsideSetting === false ? undefined : outsideSetting === 'any' ? outsideEndpoint(engine) : { kind: 'ip', address: parseAddress(outsideSetting)!, label: OUTSIDE };
  const all = outsideRep ? [...reps, outsideRep] : reps;
  const n = all.length;
  // The same class twice stands for two different pods of it; a workload to
  // itself is answered apart (loopback).
  const table: PortSet[] = new Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      table[i * n + j] = i === reps.length && j === reps.length ? ALL_PORTS : policyPorts(all[i], all[j]);
    }
  }
  // Resolved once per key: the matrix's JSON forms ask for every cell.
  const resolved = new Map<string, { index: number; endpoint: Endpoint }>();
  const indexOf = (key: string): { index: number; endpoint: Endpoint } => {
    const known = resolved.get(key);
    if (known) return known;
    if (key === OUTSIDE) {
      if (!outsideRep) throw new EndpointError('the matrix has no outside endpoint');
      return { index: reps.length, endpoint: outsideRep };
    }
    const e = resolveEndpoint(engine, key);
    if (e.kind !== 'workload') throw new EndpointError(`"${key}" is not a workload of the matrix`);
    const found = { index: e.cls.index, endpoint: e };
    resolved.set(key, found);
    return found;
  };
  const ports = (from: string, to: string): PortSet => {
    const a = indexOf(from);
    const b = indexOf(to);
    if (a.endpoint.kind === 'workload' && b.endpoint.kind === 'workload' && a.endpoint.workload === b.endpoint.workload && engine.options.sameWorkload === 'loopback') return ALL_PORTS;
    return table[a.index * n + b.index];
  };
  const endpoints: MatrixEndpoint[] = engine.input.workloads.map((w) => ({ key: engine.labels.get(w.id)!, kind: 'workload', workloadId: w.id, workloadKind: w.kind, namespace: w.namespace, name: w.name, ...(w.pods ? { pods: w.pods.names.length } : {}) }));
  if (outsideRep) endpoints.push({ key: OUTSIDE, kind: 'outside' });
  return { engine, outside: outsideSetting, endpoints, ports, verdict: (from, to) => verdictOf(ports(from, to)) };
}

/** JSON form of a verdict: `"all"`, `"none"`, or `["TCP 80-81", "UDP 53"]`. */
export type VerdictJson = 'all' | 'none' | string[];

/** The shape `netpol matrix --format json` prints. */
export interface MatrixJson {
  /** `any`, an IP address, or false. */
  outside: string | false;
  endpoints: MatrixEndpoint[];
  /** `matrix[from][to]`; the outside-to-outside cell is absent. */
  matrix: Record<string, Record<string, VerdictJson>>;
}

export function verdictToJson(v: Verdict): VerdictJson {
  return v.kind === 'ports' ? v.ranges.map(formatRange) : v.kind;
}

/** A port set as the JSON forms write it. */
export function formatPorts(ports: PortSet): VerdictJson {
  return verdictToJson(verdictOf(ports));
}

export function matrixToJson(m: ConnectivityMatrix): MatrixJson {
  const matrix: Record<string, Record<string, VerdictJson>> = {};
  for (const from of m.endpoints) {
    const row: Record<string, VerdictJson> = {};
    for (const to of m.endpoints) {
      if (from.kind === 'outside' && to.kind === 'outside') continue;
      row[to.key] = verdictToJson(m.verdict(from.key, to.key));
    }
    matrix[from.key] = row;
  }
  return { outside: m.outside, endpoints: m.endpoints, matrix };
}

/** Whether a verdict (or its JSON form) allows one protocol and port. */
export function verdictAllows(v: Verdict | VerdictJson, protocol: Protocol, port: number): boolean {
  if (v === 'all' || v === 'none') return v === 'all';
  if (Array.isArray(v)) return v.some((text) => {
    const r = parseRange(text);
    return r !== undefined && r.protocol === protocol && r.from <= port && port <= r.to;
  });
  if (v.kind !== 'ports') return v.kind === 'all';
  return v.ranges.some((r) => r.protocol === protocol && r.from <= port && port <= r.to);
}
