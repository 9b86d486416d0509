// ValidateNetworkPolicyPeer: each selector or ipBlock that is set (non-null),
// then "must specify a peer" / "may not specify both ipBlock and another peer".
import type { NetworkPolicyPeer } from '../../model/types';
import { forbidden, required } from './goFormat';
import { validateIpBlock } from './ipBlock';
import { RawTree, writtenRange } from './raw';
import type { Report } from './report';
import { validateSelector } from './selector';
import type { SpecOptions } from './spec';

/** A peer field counts when written with a non-null value (null decodes to a nil pointer). */
function peerFieldSet(raw: RawTree, path: string): boolean {
  const state = raw.state(path);
  return state !== 'absent' && state !== 'null';
}

export function validatePeer(peer: NetworkPolicyPeer, raw: RawTree, options: SpecOptions, report: Report): void {
  let count = 0;
  if (peerFieldSet(raw, `${peer.path}.podSelector`)) {
    count++;
    if (peer.podSelector) validateSelector(peer.podSelector, raw, report);
  }
  if (peerFieldSet(raw, `${peer.path}.namespaceSelector`)) {
    count++;
    if (peer.namespaceSelector) validateSelector(peer.namespaceSelector, raw, report);
  }
  const hasIpBlock = peerFieldSet(raw, `${peer.path}.ipBlock`);
  if (hasIpBlock) {
    count++;
    if (peer.ipBlock) validateIpBlock(peer.ipBlock, raw, options, report);
  }
  const at = writtenRange(raw.at(peer.path), peer.range);
  if (count === 0) report.error('netpol/empty-peer', required(peer.path, 'must specify a peer'), at);
  else if (count > 1 && hasIpBlock) report.error('netpol/ipblock-with-other-peer', forbidden(peer.path, 'may not specify both ipBlock and another peer'), at);
}
