// The workspace checks, in the order their findings are listed.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { IndexCheck } from './check';
import { namespaceHasNoWorkloads } from './namespaceHasNoWorkloads';
import { namespaceSelectorMatchesNothing } from './namespaceSelectorMatchesNothing';
import { dropReplaced } from './replaced';
import { duplicatePolicy } from './duplicatePolicy';
import { workloadNotIsolated } from './workloadNotIsolated';
import { dnsEgressBlocked } from './dnsEgressBlocked';
import { peerSelectorWrongNamespace } from './peerSelectorWrongNamespace';
import { policySelectsOtherNamespace } from './policySelectsOtherNamespace';
import { peersOrNotAnd } from './peersOrNotAnd';
import { selectorMatchesNothing } from './selectorMatchesNothing';
import { ignoredRules } from './ignoredRules';
import { egressOnlyDeniesIngress } from './egressOnlyDeniesIngress';
import { emptyEgressIgnored } from './emptyEgressIgnored';
import { dnsPortWithoutUdp } from './dnsPortWithoutUdp';
import { selectorNeverMatches } from './selectorNeverMatches';
import { redundantRule } from './redundantRule';
import { allowAllShadows } from './allowAllShadows';
import { namedPortUndefined } from './namedPortUndefined';
import { servicePortNotPodPort } from './servicePortNotPodPort';
import { webhookIngressBlocked } from './webhookIngressBlocked';
import { hostNetworkPod } from './hostNetworkPod';

export type { IndexCheck } from './check';

export const INDEX_CHECKS: readonly IndexCheck[] = [
  selectorMatchesNothing,
  namespaceSelectorMatchesNothing,
  namespaceHasNoWorkloads,
  duplicatePolicy,
  workloadNotIsolated,
  ignoredRules,
  egressOnlyDeniesIngress,
  emptyEgressIgnored,
  dnsPortWithoutUdp,
  selectorNeverMatches,
  redundantRule,
  allowAllShadows,
  namedPortUndefined,
  servicePortNotPodPort,
  webhookIngressBlocked,
  hostNetworkPod,
  dnsEgressBlocked,
  peerSelectorWrongNamespace,
  policySelectsOtherNamespace,
  peersOrNotAnd,
];

/**
 * Whether a rule runs, given the user's level for it (`rules:` of the config,
 * `netpol.rules` in the editor): `off` switches any rule off, any other level
 * switches an opt-in rule on.
 */
export function ruleEnabler(levels: Readonly<Record<string, string>>): (ruleId: string, offByDefault: boolean) => boolean {
  return (id, offByDefault) => {
    const level = levels[id];
    return level === undefined ? !offByDefault : level !== 'off';
  };
}

/**
 * Runs the workspace checks on one file's policies. `enabled(id)` lets the
 * caller switch rules off (and opt-in rules on); severities are the defaults
 * (map them outside). Findings are sorted by position.
 */
export function runIndexChecks(
  index: WorkspaceIndex,
  uri: string,
  enabled: (ruleId: string, offByDefault: boolean) => boolean = (_id, off) => !off,
): Finding[] {
  const out: Finding[] = [];
  const ran: IndexCheck[] = [];
  for (const check of INDEX_CHECKS) {
    if (!enabled(check.id, check.offByDefault === true)) continue;
    ran.push(check);
    try {
      out.push(...check.run(index, uri));
    } catch (e) {
      // A bug in one rule must not hide the others' findings.
      out.push({ ruleId: 'netpol/internal-error', severity: 'warning', message: `${check.id} failed: ${(e as Error).message}`, range: { start: 0, end: 0 } });
    }
  }
  return dropReplaced(out, ran).sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}
