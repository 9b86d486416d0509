// The ipBlocks the policies name, as nodes outside the namespaces: one per
// distinct block (cidr and except, masked as the engine reads them). The
// diff's pieces cut the address space at every CIDR and except boundary, so
// every peer matches a piece whole or not at all, and one address of a piece
// that is no pod IP answers for all of it, exactly. A block answers what at
// least one of its addresses may do (the union over its pieces), as
// `outside` does in the matrix; `outside` beside the blocks stands for the
// rest of the address space, which no ipBlock peer matches.
import { commonIpPieces } from '../policy/engine/ipPieces';
import { Address, Family, formatAddress, parseCidr } from '../policy/engine/cidr';
import { inIntervals } from '../policy/engine/classes';
import type { AddressInterval } from '../policy/engine/cidr';
import { Endpoint, Engine, OUTSIDE } from '../policy/engine';

export interface NamedBlock {
  /** `10.0.0.0/8`, `10.0.0.0/8 except 10.1.0.0/16, 10.2.0.0/16`: the node id. */
  key: string;
  /** `10.0.0.0/8`: the node's label. */
  cidr: string;
  /** Sorted by address. */
  except: string[];
  family: Family;
  addresses: readonly AddressInterval[];
  /** Indices into `AddressSpace.samples`: one address per kind of piece inside; none when it holds only pod IPs. */
  samples: number[];
}

export interface AddressSpace {
  /** Sorted by key. */
  blocks: NamedBlock[];
  /** Addresses outside the cluster (no pod IP), one per set of blocks that hold it. */
  samples: Endpoint[];
  /** Any address in no named block (undefined when the blocks cover everything): no ipBlock peer matches it. */
  rest: Endpoint | undefined;
}

const spaces = new WeakMap<Engine, AddressSpace>();

export function addressSpace(engine: Engine): AddressSpace {
  let space = spaces.get(engine);
  if (!space) spaces.set(engine, (space = computeSpace(engine)));
  return space;
}

function computeSpace(engine: Engine): AddressSpace {
  const byKey = new Map<string, NamedBlock>();
  for (const policy of engine.policies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const peer of rule.peers ?? []) {
        const m = peer.matcher;
        if (m.kind !== 'ipBlock') continue;
        const cidr = cidrText(m.block.family, m.block.start, m.block.end);
        const holes = m.except.map((t) => parseCidr(t)!).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
        const except = [...new Set(holes.map((h) => cidrText(h.family, h.start, h.end)))];
        const key = except.length === 0 ? cidr : `${cidr} except ${except.join(', ')}`;
        if (!byKey.has(key)) byKey.set(key, { key, cidr, except, family: m.block.family, addresses: m.addresses, samples: [] });
      }
    }
  }
  const blocks = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const podIPs = sortedPodIPs(engine);
  const samples: Endpoint[] = [];
  const bySignature = new Map<string, number>();
  let restInPieces = false;
  const pieces = commonIpPieces([engine]);
  for (const piece of pieces) {
    const address = freeAddress(piece.family, piece.start, piece.end, podIPs[piece.family]);
    if (address === undefined) continue;
    const holders = blocks.filter((b) => b.family === piece.family && inIntervals(piece.start, b.addresses));
    if (holders.length === 0) {
      // Inside a cidr, but in its except: the rest.
      restInPieces = true;
      continue;
    }
    const signature = holders.map((b) => b.key).join('\n');
    let index = bySignature.get(signature);
    if (index === undefined) {
      index = samples.length;
      samples.push({ kind: 'ip', address: { family: piece.family, value: address }, label: formatAddress({ family: piece.family, value: address }) });
      bySignature.set(signature, index);
    }
    for (const b of holders) if (!b.samples.includes(index)) b.samples.push(index);
  }
  for (const b of blocks) b.samples.sort((x, y) => x - y);
  const rest = restInPieces || !coversBothFamilies(pieces) ? restEndpoint(engine) : undefined;
  return { blocks, samples, rest };
}

/** An address outside the cluster that no ipBlock peer matches. */
function restEndpoint(engine: Engine): Endpoint {
  return { kind: 'outside', label: OUTSIDE, peerMatches: new Uint8Array(engine.outsidePeerMatches.length) };
}

/** Whether the pieces (covered by some cidr) span all of IPv4 and all of IPv6 without a gap. */
function coversBothFamilies(pieces: readonly { family: Family; start: bigint; end: bigint }[]): boolean {
  for (const family of [4, 6] as const) {
    let next = 0n;
    for (const p of pieces) {
      if (p.family !== family) continue;
      if (p.start > next) return false;
      if (p.end + 1n > next) next = p.end + 1n;
    }
    if (next <= maxAddress(family)) return false;
  }
  return true;
}

function maxAddress(family: Family): bigint {
  return (1n << (family === 4 ? 32n : 128n)) - 1n;
}

/** The lowest address of [start, end] that is no pod IP; undefined when every one is. */
function freeAddress(family: Family, start: bigint, end: bigint, pods: readonly bigint[]): bigint | undefined {
  let lo = 0;
  let hi = pods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pods[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  let v = start;
  for (let i = lo; i < pods.length && pods[i] === v; i++) v++;
  return v <= end && v <= maxAddress(family) ? v : undefined;
}

function sortedPodIPs(engine: Engine): Record<Family, bigint[]> {
  const out: Record<Family, Set<bigint>> = { 4: new Set(), 6: new Set() };
  for (const cls of engine.classes) for (const a of cls.addresses as Address[]) out[a.family].add(a.value);
  const sorted = (s: Set<bigint>) => [...s].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return { 4: sorted(out[4]), 6: sorted(out[6]) };
}

function cidrText(family: Family, start: bigint, end: bigint): string {
  const size = end - start + 1n;
  const prefix = (family === 4 ? 32 : 128) - (size.toString(2).length - 1);
  return `${formatAddress({ family, value: start })}/${prefix}`;
}

/** The block a node id (or its bare CIDR, when only one block has it) names. */
export function findBlock(space: AddressSpace, text: string): NamedBlock | undefined {
  const exact = space.blocks.find((b) => b.key === text);
  if (exact) return exact;
  const byCidr = space.blocks.filter((b) => b.cidr === text);
  return byCidr.length === 1 ? byCidr[0] : undefined;
}
