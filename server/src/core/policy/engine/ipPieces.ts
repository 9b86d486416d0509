// The ipBlocks either side names, cut into pieces that no ipBlock of either
// side splits: every CIDR and `except` boundary of both sides is a cut, so
// each piece is matched as a whole or not at all by every peer, and one
// address stands for the whole piece on both sides.
import type { Address, Family } from './cidr';
import { formatAddress } from './cidr';
import type { Engine } from './engine';

export interface IpPiece {
  family: Family;
  start: bigint;
  end: bigint;
  /** `10.0.0.0/24`, or `10.0.0.0-10.0.1.127` when the piece is no single CIDR. */
  label: string;
}

/** Pieces covered by at least one ipBlock of either engine, sorted by family then address. */
export function commonIpPieces(engines: readonly Engine[]): IpPiece[] {
  const out: IpPiece[] = [];
  for (const family of [4, 6] as const) {
    const covered: [bigint, bigint][] = [];
    const cuts = new Set<bigint>();
    for (const engine of engines) {
      for (const policy of engine.policies) {
        for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
          for (const peer of rule.peers ?? []) {
            const m = peer.matcher;
            if (m.kind !== 'ipBlock' || m.block.family !== family) continue;
            covered.push([m.block.start, m.block.end]);
            cuts.add(m.block.start).add(m.block.end + 1n);
            for (const [a, b] of m.addresses) cuts.add(a).add(b + 1n);
          }
        }
      }
    }
    if (covered.length === 0) continue;
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < sorted.length; i++) {
      const start = sorted[i];
      const end = sorted[i + 1] - 1n;
      if (covered.some(([a, b]) => a <= start && end <= b)) out.push({ family, start, end, label: pieceLabel(family, start, end) });
    }
  }
  return out;
}

export function pieceAddress(piece: IpPiece): Address {
  return { family: piece.family, value: piece.start };
}

function pieceLabel(family: Family, start: bigint, end: bigint): string {
  const size = end - start + 1n;
  const bits = family === 4 ? 32 : 128;
  // A power of two aligned on its size is one CIDR.
  if ((size & (size - 1n)) === 0n && start % size === 0n) {
    const prefix = bits - (size.toString(2).length - 1);
    return `${formatAddress({ family, value: start })}/${prefix}`;
  }
  return `${formatAddress({ family, value: start })}-${formatAddress({ family, value: end })}`;
}
