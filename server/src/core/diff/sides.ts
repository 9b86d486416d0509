// One side of a diff: its engine, with every endpoint under a key that is the
// same on both sides. Workloads are the same workload when namespace, kind and
// name agree (not the file: a moved or renamed file changes nothing); they
// show as `netpol matrix` keys them.
import { Endpoint, Engine, EngineWorkload, OUTSIDE, outsideEndpoint, PortSet, policyPorts, workloadEndpoint } from '../policy/engine';
import { IpPiece, pieceAddress } from '../policy/engine/ipPieces';

export interface SideEndpoint {
  /** Identity across sides: `ns/Kind/name` (`#n` for duplicates), `outside`, or `ip:<piece>`. */
  id: string;
  /** As `netpol matrix` shows it: `ns/name`, `ns/Kind/name`, `outside`, or the piece's CIDR. */
  key: string;
  kind: 'workload' | 'outside' | 'ip';
  endpoint: Endpoint;
  workload?: EngineWorkload;
  /** For sorting: workloads, then outside, then pieces in address order. */
  order: number;
}

export interface Side {
  engine: Engine;
  endpoints: Map<string, SideEndpoint>;
  /** Allowed ports between two endpoints of this side (never the same one). */
  ports(from: SideEndpoint, to: SideEndpoint): PortSet;
  /** Endpoints with the same slot answer alike: a workload's class, or the endpoint itself. */
  slot(e: SideEndpoint): string;
}

export function buildSide(engine: Engine, pieces: readonly IpPiece[]): Side {
  const endpoints = new Map<string, SideEndpoint>();
  const seen = new Map<string, number>();
  for (const w of engine.input.workloads) {
    const key = engine.labels.get(w.id)!;
    // Grouped pods of a cluster dump carry kind and labels in their key already.
    const base = w.pods ? key : `${w.namespace}/${w.kind}/${w.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}#${n}`;
    endpoints.set(id, { id, key, kind: 'workload', endpoint: workloadEndpoint(engine, w), workload: w, order: 0 });
  }
  endpoints.set(OUTSIDE, { id: OUTSIDE, key: OUTSIDE, kind: 'outside', endpoint: outsideEndpoint(engine), order: 1 });
  pieces.forEach((piece, i) => {
    const id = `ip:${piece.label}`;
    endpoints.set(id, { id, key: piece.label, kind: 'ip', endpoint: { kind: 'ip', address: pieceAddress(piece), label: piece.label }, order: 2 + i });
  });
  // Per pair of classes (or non-pod endpoints), as the matrix computes: pods of a class answer alike.
  const cache = new Map<string, PortSet>();
  const slot = (e: SideEndpoint) => (e.endpoint.kind === 'workload' ? `c${e.endpoint.cls.index}` : e.id);
  const ports = (from: SideEndpoint, to: SideEndpoint): PortSet => {
    const key = `${slot(from)}>${slot(to)}`;
    let p = cache.get(key);
    if (!p) cache.set(key, (p = policyPorts(from.endpoint, to.endpoint)));
    return p;
  };
  return { engine, endpoints, ports, slot };
}
