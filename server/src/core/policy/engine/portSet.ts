// Sets of (protocol, port) as sorted, disjoint, inclusive port intervals per
// protocol. Exact interval arithmetic lets the matrix say "TCP 80-81" without
// probing all 65535 ports.

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Inclusive interval `[from, to]`. */
export type Interval = readonly [number, number];

export type PortSet = Readonly<Record<Protocol, readonly Interval[]>>;

export interface PortRange {
  protocol: Protocol;
  from: number;
  to: number;
}

const FULL: readonly Interval[] = [[MIN_PORT, MAX_PORT]];

export const EMPTY_PORTS: PortSet = { TCP: [], UDP: [], SCTP: [] };
export const ALL_PORTS: PortSet = { TCP: FULL, UDP: FULL, SCTP: FULL };

export function isProtocol(s: string): s is Protocol {
  return (PROTOCOLS as readonly string[]).includes(s);
}

/** Every port of one protocol. */
export function protocolPorts(protocol: Protocol): PortSet {
  return { ...EMPTY_PORTS, [protocol]: FULL };
}

export function portRange(protocol: Protocol, from: number, to: number): PortSet {
  return { ...EMPTY_PORTS, [protocol]: [[from, to]] };
}

export function isEmpty(s: PortSet): boolean {
  return s.TCP.length === 0 && s.UDP.length === 0 && s.SCTP.length === 0;
}

export function isAll(s: PortSet): boolean {
  return PROTOCOLS.every((p) => s[p].length === 1 && s[p][0][0] === MIN_PORT && s[p][0][1] === MAX_PORT);
}

export function contains(s: PortSet, protocol: Protocol, port: number): boolean {
  for (const [a, b] of s[protocol]) {
    if (port < a) return false;
    if (port <= b) return true;
  }
  return false;
}

function unionIntervals(x: readonly Interval[], y: readonly Interval[]): readonly Interval[] {
  if (x.length === 0) return y;
  if (y.length === 0) return x;
  const all = [...x, ...y].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    // Adjacent intervals merge too: 80-80 and 81-81 are 80-81.
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function intersectIntervals(x: readonly Interval[], y: readonly Interval[]): readonly Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i][0], y[j][0]);
    const b = Math.min(x[i][1], y[j][1]);
    if (a <= b) out.push([a, b]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

export function union(x: PortSet, y: PortSet): PortSet {
  if (x === y || isEmpty(y)) return x;
  if (isEmpty(x)) return y;
  return { TCP: unionIntervals(x.TCP, y.TCP), UDP: unionIntervals(x.UDP, y.UDP), SCTP: unionIntervals(x.SCTP, y.SCTP) };
}

export function intersect(x: PortSet, y: PortSet): PortSet {
  if (x === y || isAll(y)) return x;
  if (isAll(x)) return y;
  return { TCP: intersectIntervals(x.TCP, y.TCP), UDP: intersectIntervals(x.UDP, y.UDP), SCTP: intersectIntervals(x.SCTP, y.SCTP) };
}

/** True when every port of `x` is in `y` (intervals are merged, so each lies in one of `y`'s). */
export function isSubset(x: PortSet, y: PortSet): boolean {
  return PROTOCOLS.every((p) => x[p].every(([a, b]) => y[p].some(([c, d]) => c <= a && b <= d)));
}

export function equals(x: PortSet, y: PortSet): boolean {
  return PROTOCOLS.every((p) => x[p].length === y[p].length && x[p].every((iv, k) => iv[0] === y[p][k][0] && iv[1] === y[p][k][1]));
}

export function toRanges(s: PortSet): PortRange[] {
  return PROTOCOLS.flatMap((protocol) => s[protocol].map(([from, to]) => ({ protocol, from, to })));
}

/** `TCP 80`, `TCP 80-81`; a whole protocol reads `UDP 1-65535`. */
export function formatRange(r: PortRange): string {
  return r.from === r.to ? `${r.protocol} ${r.from}` : `${r.protocol} ${r.from}-${r.to}`;
}

/** Inverse of `formatRange`; undefined for anything else. */
export function parseRange(text: string): PortRange | undefined {
  const m = /^(TCP|UDP|SCTP) (\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  return from <= to ? { protocol: m[1] as Protocol, from, to } : undefined;
}
