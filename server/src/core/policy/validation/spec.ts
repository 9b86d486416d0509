// ValidateNetworkPolicySpec (pkg/apis/networking/validation), after our
// warning for an omitted podSelector: the pod selector, each ingress rule (ports, then peers), each egress rule, then
// policyTypes, in the API server's order and words.
import type { NetworkPolicy, NetworkPolicyRule } from '../../model/types';
import { validatePeer } from './peers';
import { checkPodSelectorOmitted } from './podSelectorOmitted';
import { validatePolicyTypes } from './policyTypes';
import { validatePort } from './ports';
import type { RawTree } from './raw';
import type { Report } from './report';
import { validateSelector } from './selector';

export interface SpecOptions {
  strictCidr: boolean;
}

export function validateSpec(policy: NetworkPolicy, raw: RawTree, options: SpecOptions, report: Report): void {
  checkPodSelectorOmitted(policy, report);
  if (policy.podSelector) validateSelector(policy.podSelector, raw, report);
  for (const rule of [...(policy.ingress?.items ?? []), ...(policy.egress?.items ?? [])]) validateRule(rule, raw, options, report);
  validatePolicyTypes(raw, report);
}

function validateRule(rule: NetworkPolicyRule, raw: RawTree, options: SpecOptions, report: Report): void {
  for (const port of rule.ports?.items ?? []) validatePort(port, raw, report);
  for (const peer of rule.peers?.items ?? []) validatePeer(peer, raw, options, report);
}
