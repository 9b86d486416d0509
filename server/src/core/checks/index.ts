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

/** Whether a rule runs (see ruleEnabler). */
export type RuleEnabled = (ruleId: string, offByDefault: boolean) => boolean;

const defaultsOnly: RuleEnabled = (_id, offByDefault) => !offByDefault;

/** The checks that run, in order, given the caller's `enabled`. */
export function enabledChecks(enabled: RuleEnabled = defaultsOnly): IndexCheck[] {
  return INDEX_CHECKS.filter((check) => enabled(check.id, check.offByDefault === true));
}

/** One check on one file's policies. */
export function runIndexCheck(check: IndexCheck, index: WorkspaceIndex, uri: string): Finding[] {
  try {
    return check.run(index, uri);
  } catch (e) {
    // A bug in one rule must not hide the others' findings.
    return [{ ruleId: 'netpol/internal-error', severity: 'warning', message: `${check.id} failed: ${(e as Error).message}`, range: { start: 0, end: 0 } }];
  }
}

/** What indexCheckSteps yields after the last check. */
export const COMBINE_STEP = 'combining the findings';

/** The findings of the checks that ran on a file, as one list: replaced ones dropped, sorted by position. */
export function combineIndexFindings(found: readonly Finding[], ran: readonly IndexCheck[]): Finding[] {
  return dropReplaced([...found], ran).sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

/**
 * The workspace checks of one file, one check per step: the generator yields
 * the id of each check before it runs it, then COMBINE_STEP before it
 * combines their findings (thousands in a large file), and returns what
 * runIndexChecks returns. A caller may pause between steps (to answer
 * requests) as long as the index does not change meanwhile; one that changed
 * makes the findings mixed.
 */
export function* indexCheckSteps(
  index: WorkspaceIndex,
  uri: string,
  enabled: RuleEnabled = defaultsOnly,
): Generator<string, Finding[], void> {
  const ran = enabledChecks(enabled);
  const found: Finding[] = [];
  for (const check of ran) {
    yield check.id;
    found.push(...runIndexCheck(check, index, uri));
  }
  yield COMBINE_STEP;
  return combineIndexFindings(found, ran);
}

/** Runs a generator's steps to the end; its return value. */
export function drain<R>(steps: Generator<unknown, R, void>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the workspace checks on one file's policies. `enabled(id)` lets the
 * caller switch rules off (and opt-in rules on); severities are the defaults
 * (map them outside). Findings are sorted by position.
 */
export function runIndexChecks(
  index: WorkspaceIndex,
  uri: string,
  enabled: RuleEnabled = defaultsOnly,
): Finding[] {
  return drain(indexCheckSteps(index, uri, enabled));
}
