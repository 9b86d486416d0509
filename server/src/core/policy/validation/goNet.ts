// Go's IP and CIDR parsing and printing, as the API server runs them. Two Go parsers matter:
// k8s.io/utils/net ParseCIDRSloppy (a fork of the old net.ParseCIDR that
// accepts leading zeros) decides "valid CIDR"; net/netip ParsePrefix (strict)
// decides the strict checks. ipaddr.js is not used: it reads "010" as octal,
// accepts hex and short IPv4 forms, and none of Go's quirks.

/** The result of ParseCIDRSloppy: the address as written and the masked network. */
export interface SloppyCidr {
  /** 16 bytes (IPv4 as ::ffff:a.b.c.d, like Go's net.IP). */
  ip: Uint8Array;
  /** Network: 4 bytes for IPv4 written as such, else 16. */
  net: Uint8Array;
  /** Mask, same length as `net`. */
  mask: Uint8Array;
  ones: number;
  bits: number;
}

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Go's dtoi: leading decimal digits; fails on none or on overflow past 0xFFFFFF. */
function dtoi(s: string): { n: number; used: number } | null {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return null;
  }
  return i === 0 ? null : { n, used: i };
}

function xtoi(s: string): { n: number; used: number } | null {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    if (!/[0-9a-fA-F]/.test(s[i])) break;
    n = n * 16 + parseInt(s[i], 16);
    if (n >= 0xffffff) return null;
  }
  return i === 0 ? null : { n, used: i };
}

/** IPv4 dotted quad -> 4 bytes; `strict` rejects leading zeros as netip does. */
export function parseIPv4(s: string, strict: boolean): number[] | null {
  const out: number[] = [];
  let rest = s;
  for (let i = 0; i < 4; i++) {
    if (rest.length === 0) return null;
    if (i > 0) {
      if (rest[0] !== '.') return null;
      rest = rest.slice(1);
    }
    const d = dtoi(rest);
    if (!d || d.n > 0xff) return null;
    if (strict && d.used > 1 && rest[0] === '0') return null;
    out.push(d.n);
    rest = rest.slice(d.used);
  }
  return rest.length === 0 ? out : null;
}

/** IPv6 (with an optional trailing IPv4) -> 16 bytes; `strict` also limits groups to 4 hex digits. */
export function parseIPv6(s: string, strict: boolean): Uint8Array | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let rest = s;
  if (rest.length >= 2 && rest[0] === ':' && rest[1] === ':') {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const x = xtoi(rest);
    if (!x || x.n > 0xffff) return null;
    if (x.used < rest.length && rest[x.used] === '.') {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseIPv4(rest, strict);
      if (!v4) return null;
      ip.set(v4, i);
      rest = '';
      i += 4;
      break;
    }
    if (strict && x.used > 4) return null;
    ip[i] = x.n >> 8;
    ip[i + 1] = x.n & 0xff;
    i += 2;
    rest = rest.slice(x.used);
    if (rest.length === 0) break;
    if (rest[0] !== ':' || rest.length === 1) return null;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest.length === 0) break;
    }
  }
  if (rest.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

function maskOf(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const take = Math.max(0, Math.min(8, ones - i * 8));
    m[i] = (0xff << (8 - take)) & 0xff;
  }
  return m;
}

export function v4to16(b: number[]): Uint8Array {
  return new Uint8Array([...V4_IN_V6_PREFIX, ...b]);
}

/** The 4-byte form of a v4-mapped address (Go's IP.To4), else null. */
function to4(ip: Uint8Array): Uint8Array | null {
  if (ip.length === 4) return ip;
  return V4_IN_V6_PREFIX.every((b, i) => ip[i] === b) ? ip.slice(12) : null;
}

/** k8s.io/utils/net ParseCIDRSloppy; null where it returns an error. */
export function parseCidrSloppy(s: string): SloppyCidr | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  let ip: Uint8Array | null;
  let ipLen: number;
  const v4 = parseIPv4(addr, false);
  if (v4) {
    ip = v4to16(v4);
    ipLen = 4;
  } else {
    ip = parseIPv6(addr, false);
    ipLen = 16;
  }
  const d = dtoi(maskText);
  if (!ip || !d || d.used !== maskText.length || d.n > ipLen * 8) return null;
  const bits = ipLen * 8;
  const mask = maskOf(d.n, bits);
  const base = ipLen === 4 ? ip.slice(12) : ip;
  const net = base.map((b, i) => b & mask[i]);
  return { ip, net, mask, ones: d.n, bits };
}

/** net/netip ParsePrefix, reduced to what the checks need. */
export interface StrictPrefix {
  addr: Uint8Array;
  is4: boolean;
  bits: number;
}

export function parsePrefixStrict(s: string): StrictPrefix | null {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return null;
  const addrText = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  let addr: Uint8Array | null = null;
  let is4 = false;
  if (addrText.includes(':')) {
    addr = parseIPv6(addrText, true);
  } else if (addrText.includes('.')) {
    const v4 = parseIPv4(addrText, true);
    addr = v4 ? new Uint8Array(v4) : null;
    is4 = true;
  }
  if (!addr) return null;
  if (!/^[0-9]+$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0')) return null;
  const bits = Number(bitsText);
  if (bits > (is4 ? 32 : 128)) return null;
  return { addr, is4, bits };
}

export function isV4Mapped16(addr: Uint8Array): boolean {
  return addr.length === 16 && V4_IN_V6_PREFIX.every((b, i) => addr[i] === b);
}

export function hostBitsSet(addr: Uint8Array, bits: number): boolean {
  const mask = maskOf(bits, addr.length * 8);
  return addr.some((b, i) => (b & mask[i]) !== b);
}

/** Go's net.IP.String(): dotted for IPv4 and v4-mapped, RFC 5952 otherwise. */
export function ipString(ip: Uint8Array): string {
  const v4 = to4(ip);
  if (v4) return Array.from(v4).join('.');
  return ipv6String(ip);
}

export function ipv6String(ip: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i] << 8) | ip[i + 1]);
  // The longest run of two or more zero groups (leftmost on ties) becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(':')) out += ':';
    out += groups[i].toString(16);
  }
  return out;
}

/** Go's networkNumberAndMask: v4-mapped networks shrink to 4 bytes, and so does their mask. */
function networkAndMask(c: SloppyCidr): { net: Uint8Array; mask: Uint8Array } | null {
  let net = to4(c.net);
  if (!net) {
    net = c.net;
    if (net.length !== 16) return null;
  }
  let mask = c.mask;
  if (mask.length === 16 && net.length === 4) mask = mask.slice(12);
  else if (mask.length === 4 && net.length !== 4) return null;
  return { net, mask };
}

function onesOf(mask: Uint8Array): number {
  let n = 0;
  for (const b of mask) for (let k = 7; k >= 0; k--) if (b & (1 << k)) n++;
  return n;
}

/** Go's IPNet.String(). */
export function networkString(c: SloppyCidr): string {
  const nm = networkAndMask(c);
  if (!nm) return '<nil>';
  return `${ipString(nm.net)}/${onesOf(nm.mask)}`;
}

/** Go's IPNet.Contains(ip) with ip = the other network's (masked) address. */
export function contains(outer: SloppyCidr, inner: SloppyCidr): boolean {
  const nm = networkAndMask(outer);
  if (!nm) return false;
  const ip = to4(inner.net) ?? inner.net;
  if (ip.length !== nm.net.length) return false;
  return ip.every((b, i) => (nm.net[i] & nm.mask[i]) === (b & nm.mask[i]));
}
