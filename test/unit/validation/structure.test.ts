import * as assert from 'assert';
import { assertFindings, assertValid, covered, findingsOf, policy, ruleFindings } from './helpers';

describe('validation: structure (strict decoding)', () => {
  describe('netpol/unknown-field', () => {
    it('accepts every known field, null values and a status block', () => {
      const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
  generateName:
  uid: 1d9c7c4e-0000-0000-0000-000000000000
  resourceVersion: "42"
  generation: 3
  creationTimestamp: null
  labels: {app: web}
  annotations: {note: hi}
  finalizers: [example.com/keep]
spec:
  podSelector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [a, b]}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {}
      namespaceSelector: {}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
    - {protocol: TCP, port: 80, endPort: 90}
  egress:
  - to: []
    ports: null
status: {}
`;
      assertValid(text);
    });

    it('reports a misspelled field on its key, with the full path and indexes', () => {
      const text = policy(`  podSelector: {}
  ingress:
  - form:
    - podSelector: {}
`);
      assertFindings(text, ruleFindings(text, 'netpol/unknown-field'), [
        { ruleId: 'netpol/unknown-field', message: 'unknown field "spec.ingress[0].form"', covers: 'form', line: 8 },
      ]);
    });

    it('reports unknown fields at every level, in document order', () => {
      const text = policy(`  podSelector: {matchLabel: {a: b}}
  ingres: []
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/8, exept: [10.1.0.0/16]}
      podselector: {}
`, '  name: test\n  nmespace: x\n');
      assertFindings(text, ruleFindings(text, 'netpol/unknown-field'), [
        { ruleId: 'netpol/unknown-field', message: 'unknown field "metadata.nmespace"', covers: 'nmespace' },
        { ruleId: 'netpol/unknown-field', message: 'unknown field "spec.podSelector.matchLabel"', covers: 'matchLabel' },
        { ruleId: 'netpol/unknown-field', message: 'unknown field "spec.ingres"', covers: 'ingres' },
        { ruleId: 'netpol/unknown-field', message: 'unknown field "spec.egress[0].to[0].ipBlock.exept"', covers: 'exept' },
        { ruleId: 'netpol/unknown-field', message: 'unknown field "spec.egress[0].to[0].podselector"', covers: 'podselector' },
      ]);
    });

    it('reports a field that a merge key brings in, on the merge key', () => {
      const text = `base: &base {app: web, color: red}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: test}
spec:
  podSelector:
    <<: {matchLabels: {app: web}, bogus: 1}
`;
      assertFindings(text, ruleFindings(text, 'netpol/unknown-field'), [
        { ruleId: 'netpol/unknown-field', message: 'unknown field "spec.podSelector.bogus"', covers: '<<' },
      ]);
    });
  });

  describe('netpol/duplicate-field', () => {
    it('accepts distinct keys', () => {
      assertValid(policy('  podSelector: {}\n  policyTypes: [Ingress]\n'));
    });

    it('reports the second occurrence of a key', () => {
      const text = policy(`  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress]
  podSelector: {}
`);
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/duplicate-field', message: 'duplicate field "spec.podSelector"', covers: 'podSelector', line: 9 }]);
    });

    it('reports a duplicate label key in a map, with the key in the path', () => {
      const text = policy('  podSelector:\n    matchLabels: {app: a, app: b}\n');
      const [f] = ruleFindings(text, 'netpol/duplicate-field');
      assert.strictEqual(f.message, 'duplicate field "spec.podSelector.matchLabels.app"');
      assert.strictEqual(text.slice(f.range.start, f.range.end + 3), 'app: b');
    });
  });

  describe('netpol/wrong-type', () => {
    it('reports a string endPort in Go encoding/json words', () => {
      const text = policy(`  podSelector: {}
  ingress:
  - ports:
    - port: 80
      endPort: "90"
`);
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/wrong-type',
          message: 'json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.ingress.ports.endPort of type int32',
          covers: '"90"',
        },
      ]);
    });

    it('rejects YAML 1.1 booleans and numbers as label values, block and flow style', () => {
      const text = policy(
        `  podSelector:
    matchLabels: {enabled: yes, tier: 1}
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          prod: on
`,
        '  name: test\n  labels:\n    app: web\n    canary: true\n',
      );
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string', covers: 'true' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal bool into Go struct field LabelSelector.spec.podSelector.matchLabels of type string', covers: 'yes' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal number into Go struct field LabelSelector.spec.podSelector.matchLabels of type string', covers: '1' },
        {
          ruleId: 'netpol/wrong-type',
          message: 'json: cannot unmarshal bool into Go struct field LabelSelector.spec.egress.to.namespaceSelector.matchLabels of type string',
          covers: 'on',
        },
      ]);
    });

    it('accepts the same values quoted', () => {
      assertValid(policy(`  podSelector:\n    matchLabels: {enabled: "yes", tier: "1", canary: 'true'}\n`));
    });

    it('reports a boolean that comes through an alias, on the alias', () => {
      const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test
  annotations: {flag: &flag true}
spec:
  podSelector:
    matchLabels:
      enabled: *flag
`;
      const fs = ruleFindings(text, 'netpol/wrong-type');
      assert.deepStrictEqual(
        fs.map((f) => [f.message, covered(text, f)]),
        [
          ['json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string', 'true'],
          ['json: cannot unmarshal bool into Go struct field LabelSelector.spec.podSelector.matchLabels of type string', '*flag'],
        ],
      );
    });

    it('names the Go types of lists, structs, enums and ints', () => {
      const text = policy(`  podSelector: []
  policyTypes: Ingress
  ingress:
  - "allow all"
  egress:
  - ports:
    - protocol: 6
      port: 1.5
    - port: true
    - port: 80
      endPort: 99999999999
    to:
    - ipBlock: {cidr: 10.0.0.0/8, except: 10.1.0.0/16}
`);
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal array into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector', covers: '[]' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.policyTypes of type []v1.PolicyType', covers: 'Ingress' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.ingress of type v1.NetworkPolicyIngressRule', covers: '"allow all"' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal number into Go struct field NetworkPolicyPort.spec.egress.ports.protocol of type v1.Protocol', covers: '6' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal number 1.5 into Go struct field NetworkPolicyPort.spec.egress.ports.port of type int32', covers: '1.5' },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal bool into Go struct field NetworkPolicyPort.spec.egress.ports.port of type int32', covers: 'true' },
        {
          ruleId: 'netpol/wrong-type',
          message: 'json: cannot unmarshal number 99999999999 into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of type int32',
          covers: '99999999999',
        },
        { ruleId: 'netpol/wrong-type', message: 'json: cannot unmarshal string into Go struct field IPBlock.spec.egress.to.ipBlock.except of type []string', covers: '10.1.0.0/16' },
      ]);
    });

    it('reports metadata fields with their Go types', () => {
      const text = policy('  podSelector: {}\n', '  name: test\n  namespace: 5\n  generation: "1"\n  creationTimestamp: 2024\n');
      assert.deepStrictEqual(
        ruleFindings(text, 'netpol/wrong-type').map((f) => f.message),
        [
          'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.namespace of type string',
          'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64',
          'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
        ],
      );
    });

    it('does not add validation errors for a field it could not decode', () => {
      const text = policy('  podSelector: {}\n  ingress:\n  - ports:\n    - {port: 1.5, endPort: 90}\n');
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.ruleId),
        ['netpol/wrong-type'],
      );
    });
  });

  describe('List items', () => {
    it('checks a NetworkPolicy inside a List with paths from the item', () => {
      const text = `apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: a}
  spec:
    podSelector: {}
    ingres: []
`;
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/unknown-field', message: 'unknown field "spec.ingres"', covers: 'ingres' }]);
    });
  });
});
