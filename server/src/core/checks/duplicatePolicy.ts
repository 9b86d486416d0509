// netpol/duplicate-policy: two NetworkPolicies with one namespace and name.
// `kubectl apply` of the second replaces the first, so one of them never
// takes effect. Reported on every copy, naming the others (a bounded list),
// through the index's per-name table: one lookup per policy, never all pairs.
import type { Finding, RelatedInfo } from '../findings';
import type { IndexedPolicy } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { byPolicyOrder } from '../policy/resolve';
import type { IndexCheck } from './check';
import { placeName } from './placeName';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/duplicate-policy';
const SEVERITY = 'error' as const;
/** Copies named in one message and in its related information. */
const MAX_NAMED = 3;

export const duplicatePolicy: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'Two NetworkPolicies have the same namespace and name; applying the second replaces the first, so only one of them takes effect. ' +
    'Reported on every copy, with the locations of the others.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      if (p.name === '') continue;
      const copies = index.policiesNamed(p.namespace, p.name);
      if (copies.size < 2) continue;
      const others = [...copies.values()].filter((o) => o.id !== p.id).sort(byPolicyOrder);
      out.push(report(index, p, others));
    }
    return out;
  },
};

function report(index: WorkspaceIndex, p: IndexedPolicy, others: IndexedPolicy[]): Finding {
  const named = others.slice(0, MAX_NAMED);
  const places = named.map((o) => placeName(index, p.uri, o.uri, anchorOf(o).start));
  const more = others.length > named.length ? ` and ${others.length - named.length} more` : '';
  const message =
    `NetworkPolicy ${p.namespace}/${p.name} is also defined at ${places.join(', ')}${more}: applying one replaces the other, ` +
    'so only the last one applied takes effect. Rename one of them, or delete the copy.';
  const related: RelatedInfo[] = named.map((o) => ({ uri: o.uri, range: anchorOf(o), message: `another NetworkPolicy ${p.namespace}/${p.name}` }));
  return { ruleId: CHECK_ID, severity: SEVERITY, message, range: anchorOf(p), related };
}

function anchorOf(p: IndexedPolicy) {
  return p.policy.metadata.name?.range ?? p.policy.kindRange;
}
