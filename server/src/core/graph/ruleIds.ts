// How an edge names the rules behind it: `shop/db-policy ingress[0]`, the
// policy as namespace/name and the rule as it sits under `spec`. Sorted
// egress first (the sender's side), then by policy, then by index as a
// number, so `ingress[2]` comes before `ingress[10]`.
import type { ResponsibleRule } from '../policy/engine/responsibleRules';

export function ruleId(r: Pick<ResponsibleRule, 'direction' | 'namespace' | 'policy' | 'path'>): string {
  return `${r.namespace}/${r.policy} ${r.path.replace(/^spec\./, '')}`;
}

const SHAPE = /^(.*) (egress|ingress)\[(\d+)\]$/;

export function compareRuleIds(a: string, b: string): number {
  const x = SHAPE.exec(a);
  const y = SHAPE.exec(b);
  if (!x || !y) return x ? -1 : y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (x[2] !== y[2]) return x[2] === 'egress' ? -1 : 1;
  if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
  return Number(x[3]) - Number(y[3]);
}
