// The API server's CIDR checks beyond parsing: the strict-validation errors
// (StrictIPCIDRValidation) and the warnings it returns for accepted values.
import { goQuote } from './goFormat';
import { hostBitsSet, ipString, ipv6String, isV4Mapped16, networkString, parsePrefixStrict, SloppyCidr, v4to16 } from './goNet';

/** The strict-validation error for a value ParseCIDRSloppy accepted, if any (only the first applies). */
export function strictCidrError(value: string): string | undefined {
  const p = parsePrefixStrict(value);
  if (!p) return 'must not have leading 0s in IP or prefix length';
  if (!p.is4 && isV4Mapped16(p.addr)) return 'must not have an IPv4-mapped IPv6 address';
  if (hostBitsSet(p.addr, p.bits)) return 'must not have bits set beyond the prefix length';
  return undefined;
}

/** GetWarningsForCIDR: what the API server warns about a value it accepted. */
export function cidrWarnings(path: string, value: string, c: SloppyCidr): { kind: 'ambiguous' | 'non-standard' | 'non-canonical'; message: string }[] {
  const out: { kind: 'ambiguous' | 'non-standard' | 'non-canonical'; message: string }[] = [];
  const masked = c.net.length === 4 ? v4to16(Array.from(c.net)) : c.net;
  if (!masked.every((b, i) => b === c.ip[i])) {
    const single = `${ipString(c.ip)}/${c.bits}`;
    out.push({ kind: 'ambiguous', message: `${path}: CIDR value ${goQuote(value)} is ambiguous in this context (should be ${goQuote(networkString(c))} or ${goQuote(single)}?)` });
  }
  const p = parsePrefixStrict(value);
  if (!p || (!p.is4 && isV4Mapped16(p.addr))) {
    out.push({ kind: 'non-standard', message: `${path}: non-standard CIDR value ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(networkString(c))}` });
  }
  if (out.length === 0 && p && !p.is4) {
    const canonical = `${ipv6String(p.addr)}/${p.bits}`;
    if (canonical !== value) out.push({ kind: 'non-canonical', message: `${path}: IPv6 CIDR value ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})` });
  }
  return out;
}
