// netpol/egress-only-denies-ingress: a policy written for egress (rules under
// `egress`, none under `ingress`) without `policyTypes`. Defaulting makes it
// [Ingress, Egress], so it also isolates its pods for ingress with no rule
// admitting anything: all ingress to them is denied. Information instead when
// every pod it selects is also selected by another policy with ingress rules
// (the union then admits what those rules allow; this one adds nothing).
import type { Finding } from '../findings';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { compileSelector, matches } from '../policy/labelSelector';
import { byPolicyOrder } from '../policy/resolve';
import type { IndexCheck } from './check';
import { effectiveTypes, policyLinks, policyNames, selectedSample, workloadNames, writtenPolicyTypes } from './policyFacts';
import { policyFixData } from './policyFixData';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/egress-only-denies-ingress';
const SEVERITY = 'warning' as const;
const ADMITTED_SEVERITY = 'information' as const;
/** Other policies of the namespace looked at, and named. */
const MAX_OTHERS = 200;

export const egressOnlyDeniesIngress: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'An egress policy without policyTypes also denies all ingress to its pods. ' +
    'With egress rules, no ingress rules and no policyTypes, defaulting makes its policyTypes [Ingress, Egress]. ' +
    'Fix: policyTypes: [Egress] when only egress was meant. Information instead when other policies admit ingress to all of those pods.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      const { policy } = p;
      if (writtenPolicyTypes(policy) || (policy.egress?.items.length ?? 0) === 0 || (policy.ingress?.items.length ?? 0) > 0) continue;
      const sample = selectedSample(index, p);
      const pods = workloadNames(sample);
      const admitting = sample.more ? [] : admittingPolicies(index, p, sample.workloads);
      const range = policy.specKeys?.egress ?? policy.egress!.range;
      const data = policyFixData(p, 'spec.egress', { kind: 'policyTypes', add: ['Egress'] });
      if (admitting.length > 0) {
        const names = policyNames(admitting);
        out.push({
          ruleId: CHECK_ID,
          severity: ADMITTED_SEVERITY,
          message:
            `policyTypes is not set, so policy ${p.name} also isolates the pods it selects (${pods}) for ingress, with no ingress rule of its own; ` +
            `ingress to them is what ${names} admit${admitting.length === 1 ? 's' : ''}. Set policyTypes: [Egress] to say this policy is about egress only`,
          range,
          data,
          related: policyLinks(admitting, (o) => `${o.name} admits ingress to these pods`),
        });
      } else {
        out.push({
          ruleId: CHECK_ID,
          severity: SEVERITY,
          message:
            `policyTypes is not set, so this egress policy ${p.name} also isolates the pods it selects (${pods}) for ingress, and it has no ingress rule: ` +
            `all ingress to them is denied. Set policyTypes: [Egress] if only egress was meant (or add ingress rules)`,
          range,
          data,
        });
      }
    }
    return out;
  },
};

/**
 * Other policies of the namespace with ingress rules that, together, select
 * every one of `selected` (empty when some pod is left, or none is known).
 * Costs the namespace's policies times the (sampled, bounded) pods.
 */
function admittingPolicies(index: WorkspaceIndex, p: IndexedPolicy, selected: IndexedWorkload[]): IndexedPolicy[] {
  if (selected.length === 0) return [];
  const uncovered = new Set(selected);
  const out: IndexedPolicy[] = [];
  let seen = 0;
  for (const o of index.policiesIn(p.namespace).values()) {
    if (o === p || ++seen > MAX_OTHERS) continue;
    if (!effectiveTypes(o).Ingress || (o.policy.ingress?.items.length ?? 0) === 0) continue;
    const reqs = compileSelector(o.policy.podSelector);
    let covers = false;
    for (const w of selected) {
      if (!matches(reqs, w.labels)) continue;
      covers = true;
      uncovered.delete(w);
    }
    if (covers) out.push(o);
  }
  return uncovered.size === 0 ? out.sort(byPolicyOrder) : [];
}
