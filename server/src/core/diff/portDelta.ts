// What changed between two port sets: the ports gained and the ports lost,
// with exact interval arithmetic, and the `+TCP 8080 -UDP 53` text of it.
import { formatRange, Interval, isAll, isEmpty, PortSet, PROTOCOLS, toRanges } from '../policy/engine';

function subtractIntervals(x: readonly Interval[], y: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a, b] of x) {
    let start = a;
    for (const [c, d] of y) {
      if (d < start || c > b) continue;
      if (c > start) out.push([start, c - 1]);
      start = Math.max(start, d + 1);
      if (start > b) break;
    }
    if (start <= b) out.push([start, b]);
  }
  return out;
}

/** The ports of `x` that are not in `y`. */
export function subtractPorts(x: PortSet, y: PortSet): PortSet {
  if (isEmpty(y)) return x;
  const out = { TCP: [] as Interval[], UDP: [] as Interval[], SCTP: [] as Interval[] };
  for (const p of PROTOCOLS) out[p] = subtractIntervals(x[p], y[p]);
  return out;
}

/** `all`, or the ranges joined: `TCP 80, UDP 53`. */
export function portsText(s: PortSet): string {
  if (isAll(s)) return 'all';
  if (isEmpty(s)) return 'none';
  return toRanges(s).map(formatRange).join(', ');
}

/** `+TCP 8080 -UDP 53`; `+all` when everything was gained. */
export function deltaText(gained: PortSet, lost: PortSet): string {
  const part = (sign: string, s: PortSet) => (isEmpty(s) ? [] : isAll(s) ? [`${sign}all`] : toRanges(s).map((r) => `${sign}${formatRange(r)}`));
  return [...part('+', gained), ...part('-', lost)].join(' ');
}
