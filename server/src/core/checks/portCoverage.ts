// The ports one rule allows, built once per rule for many questions: merged
// sorted intervals per protocol (binary-searched) and the named ports. A
// rule with thousands of ports must not cost thousands squared.
import type { PortMatcher } from '../policy/engine/compile';
import { Interval, MAX_PORT, MIN_PORT, Protocol, PROTOCOLS } from '../policy/engine/portSet';

export interface PortCoverage {
  /** Sorted, disjoint, merged inclusive intervals per protocol. */
  intervals: Record<Protocol, Interval[]>;
  /** `TCP/http` for each named port. */
  names: Set<string>;
}

/** `null` ports: every port of every protocol. Invalid entries allow nothing. */
export function coverageOf(ports: readonly PortMatcher[] | null): PortCoverage {
  const raw: Record<Protocol, Interval[]> = { TCP: [], UDP: [], SCTP: [] };
  const names = new Set<string>();
  if (ports === null) for (const p of PROTOCOLS) raw[p].push([MIN_PORT, MAX_PORT]);
  for (const m of ports ?? []) {
    if (m.kind === 'named') names.add(`${m.protocol}/${m.name}`);
    else if (m.kind === 'numeric') for (const iv of m.ports[m.protocol]) raw[m.protocol].push(iv);
  }
  const intervals = { TCP: merge(raw.TCP), UDP: merge(raw.UDP), SCTP: merge(raw.SCTP) };
  return { intervals, names };
}

function merge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Whether every port `from..to` of `protocol` is covered. */
export function coversRange(c: PortCoverage, protocol: Protocol, from: number, to: number): boolean {
  const list = c.intervals[protocol];
  let lo = 0;
  let hi = list.length - 1;
  // The last interval starting at or before `from`.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid][0] <= from) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && list[hi][1] >= to;
}

export function coversName(c: PortCoverage, protocol: Protocol, name: string): boolean {
  return c.names.has(`${protocol}/${name}`);
}

/** Every port of a matcher's set is covered (numeric matchers only). */
export function coversPorts(c: PortCoverage, m: Extract<PortMatcher, { kind: 'numeric' }>): boolean {
  return m.ports[m.protocol].every(([a, b]) => coversRange(c, m.protocol, a, b));
}
