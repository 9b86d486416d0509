// netpol/allow-all-shadows: an allow-all rule (`- {}`: no peers, no ports)
// for pods that other policies also isolate in that direction. Policies add
// up, so for those pods the other policies' rules (and their default denies)
// are moot. Reported on the `- {}` rule, naming the other policies (at most 3);
// they are found in the namespace's policy list, compared on the sampled
// pods this policy selects (never policies x workloads).
import type { Finding } from '../findings';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Direction } from '../model/types';
import { compileSelector, matches } from '../policy/labelSelector';
import { byPolicyOrder } from '../policy/resolve';
import type { IndexCheck } from './check';
import { effectiveTypes, lower, policyLinks, policyNames, rulesOf, selectedSample, workloadNames } from './policyFacts';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/allow-all-shadows';
const SEVERITY = 'information' as const;
const NAMED = 3;
/** Other policies of the namespace looked at. */
const MAX_OTHERS = 200;

export const allowAllShadows: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'An allow-all rule (- {}) for pods that other policies also restrict in that direction. ' +
    'Policies add up, so the other policies\' rules (and default denies) no longer restrict those pods. ' +
    'Reported on the - {} rule, naming the other policies. Narrow the rule, or drop the restrictions that are moot.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      const types = effectiveTypes(p);
      for (const d of ['Ingress', 'Egress'] as Direction[]) {
        if (!types[d]) continue;
        const allowAll = (rulesOf(p.policy, d)?.items ?? []).filter((r) => (r.peers?.items.length ?? 0) === 0 && (r.ports?.items.length ?? 0) === 0);
        if (allowAll.length === 0) continue;
        const sample = selectedSample(index, p);
        const shadowed = restrictingPolicies(index, p, d, sample.workloads);
        if (shadowed.length === 0) continue;
        const names = policyNames(shadowed);
        const dir = lower(d);
        for (const rule of allowAll) {
          out.push({
            ruleId: CHECK_ID,
            severity: SEVERITY,
            message:
              `this rule allows all ${dir} to the pods policy ${p.name} selects (${workloadNames(sample)}), ` +
              `so the ${dir} restrictions of ${names}, which select some of them too, are moot for those pods; ` +
              `narrow the rule (add ${d === 'Ingress' ? 'from' : 'to'} or ports) if allowing everything was not meant`,
            range: rule.range,
            data: { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, rulePath: rule.path, shadowed: shadowed.slice(0, NAMED).map((o) => o.name) },
            related: policyLinks(shadowed, (o) => `${o.name} restricts ${dir} of some of these pods`),
          });
        }
      }
    }
    return out;
  },
};

/** Other policies of the namespace isolating some of `selected` for `d` without allowing all of it themselves. */
function restrictingPolicies(index: WorkspaceIndex, p: IndexedPolicy, d: Direction, selected: IndexedWorkload[]): IndexedPolicy[] {
  if (selected.length === 0) return [];
  const out: IndexedPolicy[] = [];
  let seen = 0;
  for (const o of index.policiesIn(p.namespace).values()) {
    if (o === p || ++seen > MAX_OTHERS || !effectiveTypes(o)[d]) continue;
    if ((rulesOf(o.policy, d)?.items ?? []).some((r) => (r.peers?.items.length ?? 0) === 0 && (r.ports?.items.length ?? 0) === 0)) continue;
    const reqs = compileSelector(o.policy.podSelector);
    if (selected.some((w) => matches(reqs, w.labels))) out.push(o);
  }
  return out.sort(byPolicyOrder);
}
