// Which rules allow some of a set of ports between two endpoints: per
// direction, the rules of the policies selecting the pod whose peer matches
// the other side and whose ports (named ports resolved) meet the set. A
// direction that no policy isolates allows everything without a rule: it is
// named as open instead.
import type { OffsetRange } from '../../findings';
import type { Direction } from '../../model/types';
import { Endpoint, matchingPeer, rulePorts } from './engine';
import { intersect, isEmpty, PortSet } from './portSet';

export interface ResponsibleRule {
  direction: Direction;
  policy: string;
  namespace: string;
  /** `spec.ingress[0]`. */
  path: string;
  uri?: string;
  range: OffsetRange;
  /** The ports of the set this rule allows. */
  ports: PortSet;
}

export interface Responsibility {
  rules: ResponsibleRule[];
  /** Directions no policy restricts for this pair (so no rule is needed). */
  open: Direction[];
}

export function responsibleRules(source: Endpoint, destination: Endpoint, wanted: PortSet): Responsibility {
  const rules: ResponsibleRule[] = [];
  const open: Direction[] = [];
  for (const direction of ['Egress', 'Ingress'] as const) {
    const self = direction === 'Egress' ? source : destination;
    const other = direction === 'Egress' ? destination : source;
    if (self.kind !== 'workload') continue;
    const sel = self.cls.selection[direction];
    if (sel.policies.length === 0) {
      open.push(direction);
      continue;
    }
    for (const rule of sel.rules) {
      if (matchingPeer(rule, other) === undefined) continue;
      const ports = intersect(rulePorts(rule, destination), wanted);
      if (isEmpty(ports)) continue;
      rules.push({ direction, policy: rule.policy.name, namespace: rule.policy.namespace, path: rule.path, uri: rule.policy.uri, range: rule.range, ports });
    }
  }
  return { rules, open };
}
