// IP addresses and ipBlocks as integer ranges. ipaddr.js parses IPv6; dotted
// IPv4 is read in decimal even with leading zeros, as the API server's lenient
// parser does (ipaddr.js would read `010` as octal). A CIDR is masked: host
// bits are ignored, as Kubernetes does.
import * as ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Address {
  family: Family;
  value: bigint;
}

/** Inclusive address interval. */
export type AddressInterval = readonly [bigint, bigint];

export interface AddressRange {
  family: Family;
  start: bigint;
  end: bigint;
}

const IPV4_DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseAddress(text: string): Address | undefined {
  const m = IPV4_DOTTED.exec(text);
  if (m) {
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { family: 4, value: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n) };
  }
  if (!ipaddr.IPv6.isValid(text) || text.includes('%')) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  // `::ffff:a.b.c.d` is an IPv4 address to Go's net package as well.
  if (v6.isIPv4MappedAddress()) return parseAddress(v6.toIPv4Address().toString());
  return { family: 6, value: v6.parts.reduce((acc, p) => (acc << 16n) | BigInt(p), 0n) };
}

function width(family: Family): bigint {
  return family === 4 ? 32n : 128n;
}

export function parseCidr(text: string): AddressRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const ipText = text.slice(0, slash);
  let family: Family;
  let value: bigint;
  if (IPV4_DOTTED.test(ipText)) {
    const a = parseAddress(ipText);
    if (!a) return undefined;
    ({ family, value } = a);
  } else {
    // Keep a mapped IPv6 CIDR in IPv6 space: its prefix counts 128 bits.
    if (!ipaddr.IPv6.isValid(ipText) || ipText.includes('%')) return undefined;
    family = 6;
    value = ipaddr.IPv6.parse(ipText).parts.reduce((acc, p) => (acc << 16n) | BigInt(p), 0n);
  }
  const bits = width(family);
  const prefix = BigInt(Number(prefixText));
  if (prefix > bits) return undefined;
  const hostBits = bits - prefix;
  const hostMask = (1n << hostBits) - 1n;
  const start = value & ~hostMask;
  return { family, start, end: start | hostMask };
}

export function inRange(a: Address, r: AddressRange): boolean {
  return a.family === r.family && r.start <= a.value && a.value <= r.end;
}

/** `range` minus every `holes` range of the same family, as sorted disjoint intervals. */
export function subtractRanges(range: AddressRange, holes: readonly AddressRange[]): AddressInterval[] {
  let parts: AddressInterval[] = [[range.start, range.end]];
  for (const h of holes) {
    if (h.family !== range.family) continue;
    const next: AddressInterval[] = [];
    for (const [a, b] of parts) {
      if (h.end < a || h.start > b) {
        next.push([a, b]);
        continue;
      }
      if (a < h.start) next.push([a, h.start - 1n]);
      if (h.end < b) next.push([h.end + 1n, b]);
    }
    parts = next;
  }
  return parts;
}

export function formatAddress(a: Address): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 255n)).join('.');
  const parts: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) parts.push(Number((a.value >> s) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}
