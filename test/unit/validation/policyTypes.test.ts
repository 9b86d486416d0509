import { assertFindings, assertValid, findingsOf, policy } from './helpers';

describe('validation: policyTypes', () => {
  describe('netpol/invalid-policy-type', () => {
    it('accepts Ingress, Egress, both, duplicates and an empty list', () => {
      assertValid(policy('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'));
      assertValid(policy('  podSelector: {}\n  policyTypes: [Egress, Egress]\n'));
      assertValid(policy('  podSelector: {}\n  policyTypes: []\n'));
    });

    it('reports a lower-case type on its item, with the supported values', () => {
      const text = policy('  podSelector: {}\n  policyTypes:\n  - Ingress\n  - egress\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-policy-type', message: 'spec.policyTypes[1]: Unsupported value: "egress": supported values: "Ingress", "Egress"', covers: 'egress' },
      ]);
    });

    it('reports a null item as ""', () => {
      const text = policy('  podSelector: {}\n  policyTypes: [null]\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-policy-type', message: 'spec.policyTypes[0]: Unsupported value: "": supported values: "Ingress", "Egress"', covers: 'null' },
      ]);
    });
  });

  describe('netpol/too-many-policy-types', () => {
    it('accepts two entries', () => {
      assertValid(policy('  podSelector: {}\n  policyTypes: [Ingress, Ingress]\n'));
    });

    it('reports three entries once, on the list, and does not check the items', () => {
      const text = policy('  podSelector: {}\n  policyTypes: [Ingress, Egress, ingress]\n');
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/too-many-policy-types',
          message: 'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "ingress"}: may not specify more than two policyTypes',
          covers: '[Ingress, Egress, ingress]',
        },
      ]);
    });
  });
});
