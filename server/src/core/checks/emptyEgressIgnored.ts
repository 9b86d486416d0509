// netpol/empty-egress-ignored: `egress: []` written without `policyTypes`.
// It reads as "deny all egress", but defaulting adds Egress only for an
// egress section with at least one rule: egress stays open.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { IndexCheck } from './check';
import { selectedSample, workloadNames, writtenPolicyTypes } from './policyFacts';
import { policyFixData } from './policyFixData';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/empty-egress-ignored';
const SEVERITY = 'warning' as const;

export const emptyEgressIgnored: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'egress: [] without policyTypes does not deny egress. ' +
    'Defaulting adds Egress only when egress has rules, so the policy does not govern egress and the pods\' egress stays open. ' +
    'Fix: policyTypes: [Ingress, Egress] to deny all egress (or delete egress: []).',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      const { policy } = p;
      if (writtenPolicyTypes(policy) || !policy.writtenEmpty?.Egress || !policy.egress) continue;
      const pods = workloadNames(selectedSample(index, p));
      out.push({
        ruleId: CHECK_ID,
        severity: SEVERITY,
        message:
          `egress: [] does not deny egress: without policyTypes, Egress is added only when egress has rules, ` +
          `so policy ${p.name} leaves egress of its pods (${pods}) open unless another policy governs it. ` +
          `Set policyTypes: [Ingress, Egress] to deny all egress, or delete egress: []`,
        range: policy.specKeys?.egress ?? policy.egress.range,
        data: policyFixData(p, 'spec.egress', { kind: 'policyTypes', add: ['Ingress', 'Egress'] }),
      });
    }
    return out;
  },
};
