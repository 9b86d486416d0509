// netpol/podselector-omitted: spec.podSelector absent or null is accepted by
// the API server as `{}` (every pod of the namespace); a warning, never an error.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import type { NetworkPolicy } from '../../../server/src/core/model/types';
import { assertFindings, assertValid, covered, findingsOf, policy } from './helpers';

const RULE = 'netpol/podselector-omitted';
const CONSEQUENCE = 'the policy selects every pod in its namespace, as podSelector: {} would; kubectl before 1.34 refuses it';
const OMITTED = `spec.podSelector is omitted: ${CONSEQUENCE}`;
const NULL = `spec.podSelector is null: ${CONSEQUENCE}`;

describe('validation: netpol/podselector-omitted', () => {
  it('accepts an empty podSelector and a written one', () => {
    assertValid(policy('  podSelector: {}\n'));
    assertValid(policy('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n'));
  });

  it('warns about a spec without podSelector, on the spec key', () => {
    const text = policy('  policyTypes: [Ingress]\n');
    assertFindings(text, findingsOf(text), [{ ruleId: RULE, message: OMITTED, covers: 'spec', line: 5, severity: 'warning' }]);
  });

  it('warns about a policy without spec on its kind (the empty spec is a default deny of ingress)', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: test}\n';
    assertFindings(text, findingsOf(text), [{ ruleId: RULE, message: OMITTED, covers: 'NetworkPolicy', line: 1, severity: 'warning' }]);
  });

  it('warns about a null spec on the spec key', () => {
    for (const spec of ['spec:\n', 'spec: null\n', 'spec: ~\n']) {
      const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: test}\n${spec}`;
      assertFindings(text, findingsOf(text), [{ ruleId: RULE, message: OMITTED, covers: 'spec', line: 3, severity: 'warning' }]);
    }
  });

  it('warns about `podSelector:` with nothing on its key, and about a written null on the null', () => {
    const empty = policy('  podSelector:\n  policyTypes: [Ingress]\n');
    assertFindings(empty, findingsOf(empty), [{ ruleId: RULE, message: NULL, covers: 'podSelector', line: 6, severity: 'warning' }]);
    const written = policy('  podSelector: null\n');
    assertFindings(written, findingsOf(written), [{ ruleId: RULE, message: NULL, covers: 'null', severity: 'warning' }]);
    const tilde = policy('  podSelector: ~\n  ingress: [{}]\n');
    assertFindings(tilde, findingsOf(tilde), [{ ruleId: RULE, message: NULL, covers: '~', severity: 'warning' }]);
  });

  it('is one warning among the other findings, and no longer a missing-field error', () => {
    const text = policy('  ingress:\n  - ports:\n    - port: 0\n');
    assert.deepStrictEqual(
      findingsOf(text).map((f) => [f.ruleId, f.severity, covered(text, f)]),
      [
        [RULE, 'warning', 'spec'],
        ['netpol/invalid-port', 'error', '0'],
      ],
    );
    assert.ok(!findingsOf(policy('  policyTypes: [Egress]\n')).some((f) => f.ruleId === 'netpol/missing-field'));
  });

  it('warns in a List item, on the item\'s spec key', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: a}
  spec:
    policyTypes: [Ingress]
`;
    assertFindings(text, findingsOf(text), [{ ruleId: RULE, message: OMITTED, covers: 'spec', line: 6, severity: 'warning' }]);
  });

  it('says nothing when spec or podSelector has the wrong type (the object never decodes)', () => {
    for (const text of [policy('  podSelector: []\n'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: test}\nspec: [a]\n']) {
      const ids = findingsOf(text).map((f) => f.ruleId);
      assert.deepStrictEqual(ids, ['netpol/wrong-type'], text);
    }
  });

  it('models the omitted selector as {} anchored where the warning is', () => {
    const text = policy('  policyTypes: [Ingress]\n');
    const p = analyzeText(text).objects[0] as NetworkPolicy;
    assert.strictEqual(p.podSelector?.omitted, 'absent');
    assert.strictEqual(p.podSelector?.path, 'spec.podSelector');
    assert.strictEqual(p.podSelector?.matchLabels, undefined);
    assert.strictEqual(p.podSelector?.matchExpressions, undefined);
    assert.strictEqual(covered(text, { range: p.podSelector!.keyRange } as never), 'spec');
    const nulled = analyzeText(policy('  podSelector:\n')).objects[0] as NetworkPolicy;
    assert.strictEqual(nulled.podSelector?.omitted, 'null');
    const written = analyzeText(policy('  podSelector: {}\n')).objects[0] as NetworkPolicy;
    assert.strictEqual(written.podSelector?.omitted, undefined);
  });
});
