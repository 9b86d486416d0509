// netpol/unknown-api-version: `kind: NetworkPolicy` in a Kubernetes-owned
// group but not networking.k8s.io/v1 is an error (kubectl: "no matches for
// kind"); other products' NetworkPolicy kinds get no finding, only a note.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { notAnalysedNotes } from '../../../server/src/core/apiVersionFindings';
import { apiGroupOf, isKubernetesGroup, networkPolicyVersion } from '../../../server/src/core/model/apiVersion';
import { isNetworkPolicy } from '../../../server/src/core/model/types';
import { inputFromYaml } from '../engine/helpers';
import { assertFindings, findingsOf } from './helpers';

const RULE = 'netpol/unknown-api-version';
const SERVED = 'NetworkPolicy is served as networking.k8s.io/v1';

function policyIn(apiVersion: string, spec = '  podSelector: {}\n'): string {
  return `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: test, namespace: shop}\nspec:\n${spec}`;
}

describe('validation: netpol/unknown-api-version', () => {
  it('accepts networking.k8s.io/v1', () => {
    assert.deepStrictEqual(findingsOf(policyIn('networking.k8s.io/v1')), []);
  });

  it('reports a version Kubernetes does not serve NetworkPolicy in, on the apiVersion value, in kubectl\'s words', () => {
    for (const version of ['networking.k8s.io/v2', 'networking.k8s.io/v1beta1', 'v1', 'apps/v1', 'policy/v1', 'policy.networking.k8s.io/v1alpha1', 'example.kubernetes.io/v1', 'k8s.io/v1', 'networking.k8s.io']) {
      const text = policyIn(version);
      assertFindings(text, findingsOf(text), [{ ruleId: RULE, message: `no matches for kind "NetworkPolicy" in version "${version}": ${SERVED}`, covers: version, line: 0 }]);
    }
  });

  it('says that extensions/v1beta1 was removed in 1.16', () => {
    const text = policyIn('extensions/v1beta1');
    assertFindings(text, findingsOf(text), [
      {
        ruleId: RULE,
        message: `no matches for kind "NetworkPolicy" in version "extensions/v1beta1": ${SERVED} (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16)`,
        covers: 'extensions/v1beta1',
      },
    ]);
  });

  it('covers a quoted value with its quotes, and says "apiVersion not set" for an empty one', () => {
    const quoted = policyIn('"networking.k8s.io/v2"');
    assertFindings(quoted, findingsOf(quoted), [{ ruleId: RULE, message: `no matches for kind "NetworkPolicy" in version "networking.k8s.io/v2": ${SERVED}`, covers: '"networking.k8s.io/v2"' }]);
    const empty = policyIn('""');
    assertFindings(empty, findingsOf(empty), [{ ruleId: RULE, message: `apiVersion not set: ${SERVED}`, covers: '""' }]);
  });

  it('does not analyse such an object further: no validation, not a policy for the engine', () => {
    const text = policyIn('networking.k8s.io/v2', '  ingress:\n  - ports:\n    - port: 0\n  bogus: 1\n');
    assert.deepStrictEqual(findingsOf(text).map((f) => f.ruleId), [RULE]);
    assert.ok(!isNetworkPolicy(analyzeText(text).objects[0]));
    assert.strictEqual(inputFromYaml({ 'p.yaml': text }).policies.length, 0);
  });

  it('reports each item of a List, and each document', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: extensions/v1beta1
  kind: NetworkPolicy
  metadata: {name: a}
  spec: {podSelector: {}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: b}
  spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v2
kind: NetworkPolicy
metadata: {name: c}
spec: {podSelector: {}}
`;
    const found = findingsOf(text).filter((f) => f.ruleId === RULE);
    assert.deepStrictEqual(
      found.map((f) => text.slice(f.range.start, f.range.end)),
      ['extensions/v1beta1', 'networking.k8s.io/v2'],
    );
  });

  it('gives other products\' NetworkPolicy kinds no finding, and names them in one note per version', () => {
    const text = [
      policyIn('projectcalico.org/v3', '  selector: app == "web"\n  types: [Ingress]\n'),
      policyIn('crd.projectcalico.org/v1', '  selector: all()\n'),
      policyIn('cilium.io/v2'),
      policyIn('projectcalico.org/v3', '  selector: all()\n'),
      policyIn('gateway.x-k8s.io/v1'),
      policyIn('networking.k8s.io/v1'),
    ].join('---\n');
    assert.deepStrictEqual(findingsOf(text), []);
    assert.deepStrictEqual(notAnalysedNotes(analyzeText(text).objects), [
      'NetworkPolicy in projectcalico.org/v3 is not analysed (only networking.k8s.io/v1 is)',
      'NetworkPolicy in crd.projectcalico.org/v1 is not analysed (only networking.k8s.io/v1 is)',
      'NetworkPolicy in cilium.io/v2 is not analysed (only networking.k8s.io/v1 is)',
      'NetworkPolicy in gateway.x-k8s.io/v1 is not analysed (only networking.k8s.io/v1 is)',
    ]);
    assert.strictEqual(inputFromYaml({ 'p.yaml': text }).policies.length, 1);
  });

  it('notes nothing for Kubernetes versions (they are errors) or other kinds', () => {
    const text = [policyIn('networking.k8s.io/v2'), 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\n', policyIn('networking.k8s.io/v1')].join('---\n');
    assert.deepStrictEqual(notAnalysedNotes(analyzeText(text).objects), []);
  });
});

describe('model/apiVersion', () => {
  it('splits the group as Kubernetes does: no slash is the core group', () => {
    assert.strictEqual(apiGroupOf('apps/v1'), 'apps');
    assert.strictEqual(apiGroupOf('v1'), '');
    assert.strictEqual(apiGroupOf('networking.k8s.io/v1'), 'networking.k8s.io');
  });

  it('owns the dot-less groups and the k8s.io / kubernetes.io domains, not x-k8s.io or look-alikes', () => {
    for (const g of ['', 'apps', 'extensions', 'policy', 'networking.k8s.io', 'k8s.io', 'kubernetes.io', 'storage.kubernetes.io']) assert.ok(isKubernetesGroup(g), g);
    for (const g of ['projectcalico.org', 'crd.projectcalico.org', 'cilium.io', 'policy.x-k8s.io', 'notk8s.io', 'k8s.io.example.com']) assert.ok(!isKubernetesGroup(g), g);
  });

  it('classifies only kind NetworkPolicy', () => {
    assert.strictEqual(networkPolicyVersion({ kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' }), 'analysed');
    assert.strictEqual(networkPolicyVersion({ kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v2' }), 'unknown');
    assert.strictEqual(networkPolicyVersion({ kind: 'NetworkPolicy', apiVersion: 'cilium.io/v2' }), 'other-product');
    assert.strictEqual(networkPolicyVersion({ kind: 'Deployment', apiVersion: 'extensions/v1beta1' }), undefined);
  });
});
