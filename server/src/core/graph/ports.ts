// Port sets as the graph labels them: `All Connections`, `TCP 3306`,
// `TCP 80,443;UDP 53` (the shape netpol-analyzer users read), unions for
// aggregated edges, and the `--port` filter.
import { MAX_PORT, MIN_PORT, parseRange, PortRange, Protocol, PROTOCOLS, Verdict, VerdictJson } from '../policy/engine';

/** Every port of every protocol, or some ranges sorted by protocol then port, disjoint. */
export type PortList = 'all' | readonly PortRange[];

export const ALL_CONNECTIONS = 'All Connections';

export function portsFromVerdict(v: Verdict | VerdictJson): PortList | undefined {
  if (v === 'all' || v === 'none') return v === 'all' ? 'all' : undefined;
  if (Array.isArray(v)) {
    const ranges = v.map(parseRange).filter((r): r is PortRange => r !== undefined);
    return ranges.length === 0 ? undefined : normalize(ranges);
  }
  if (v.kind === 'all') return 'all';
  return v.kind === 'ports' && v.ranges.length > 0 ? v.ranges : undefined;
}

export function portsText(p: PortList): string {
  if (p === 'all') return ALL_CONNECTIONS;
  const parts: string[] = [];
  for (const protocol of PROTOCOLS) {
    const mine = p.filter((r) => r.protocol === protocol);
    if (mine.length > 0) parts.push(`${protocol} ${mine.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',')}`);
  }
  return parts.join(';');
}

export function unionPorts(a: PortList, b: PortList): PortList {
  if (a === 'all' || b === 'all') return 'all';
  return normalize([...a, ...b]);
}

/** Sorted by protocol then port, overlapping and adjacent ranges merged; `all` when every protocol is full. */
function normalize(ranges: readonly PortRange[]): PortList {
  const out: PortRange[] = [];
  let full = 0;
  for (const protocol of PROTOCOLS) {
    const mine = ranges.filter((r) => r.protocol === protocol).sort((x, y) => x.from - y.from || x.to - y.to);
    const merged: PortRange[] = [];
    for (const r of mine) {
      const last = merged[merged.length - 1];
      if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
      else merged.push({ protocol, from: r.from, to: r.to });
    }
    if (merged.length === 1 && merged[0].from <= MIN_PORT && merged[0].to >= MAX_PORT) full++;
    out.push(...merged);
  }
  return full === PROTOCOLS.length ? 'all' : out;
}

export interface PortProbe {
  protocol: Protocol;
  port: number;
}

/** `TCP 3306`, `tcp/3306`, `UDP:53`, `3306` (TCP); undefined when it is none of these. */
export function parsePortProbe(text: string): PortProbe | undefined {
  const m = /^\s*(?:(tcp|udp|sctp)[\s/:]*)?(\d{1,5})\s*$/i.exec(text);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < MIN_PORT || port > MAX_PORT) return undefined;
  return { protocol: (m[1]?.toUpperCase() ?? 'TCP') as Protocol, port };
}

export function allowsPort(p: PortList, probe: PortProbe): boolean {
  return p === 'all' || p.some((r) => r.protocol === probe.protocol && r.from <= probe.port && probe.port <= r.to);
}
