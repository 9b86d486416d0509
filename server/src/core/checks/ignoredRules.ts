// netpol/ignored-rules: `policyTypes` is written and lacks a direction whose
// rules are written: enforcement ignores those rules (the API server accepts
// them silently). Never when `policyTypes` is absent: defaulting then adds
// Egress for egress rules, and ingress is always governed.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Direction } from '../model/types';
import type { IndexCheck } from './check';
import { lower, rulesOf, selectedSample, workloadNames, writtenPolicyTypes } from './policyFacts';
import { policyFixData } from './policyFixData';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/ignored-rules';
const SEVERITY = 'warning' as const;

export const ignoredRules: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'Rules for a direction that policyTypes leaves out: they have no effect. ' +
    'policyTypes is given and lacks Egress (or Ingress) while the policy has egress (or ingress) rules, so that direction stays as open (or as closed) as other policies make it. ' +
    'Fix: add the type to policyTypes, or delete the rules. Never reported when policyTypes is absent.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      const written = writtenPolicyTypes(p.policy);
      if (!written) continue;
      for (const d of ['Ingress', 'Egress'] as Direction[]) {
        const rules = rulesOf(p.policy, d);
        if (written.has(d) || !rules || rules.items.length === 0) continue;
        const n = rules.items.length;
        const pods = workloadNames(selectedSample(index, p));
        const types = [...written].join(', ');
        const message =
          `${n === 1 ? `the ${lower(d)} rule is` : `the ${n} ${lower(d)} rules are`} ignored: policyTypes [${types}] lacks ${d}, ` +
          `so policy ${p.name} does not govern ${lower(d)} of the pods it selects (${pods}); ` +
          `add ${d} to policyTypes, or delete the ${lower(d)} rules`;
        const range = p.policy.specKeys?.[lower(d)] ?? rules.range;
        const typesAt = p.policy.specKeys?.policyTypes ?? p.policy.policyTypes!.range;
        out.push({
          ruleId: CHECK_ID,
          severity: SEVERITY,
          message,
          range,
          data: policyFixData(p, rules.path, { kind: 'policyTypes', add: [d] }),
          related: [{ uri: p.uri, range: typesAt, message: `policyTypes of ${p.name} lacks ${d}` }],
        });
      }
    }
    return out;
  },
};
