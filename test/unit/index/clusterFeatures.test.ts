import * as assert from 'assert';
import { buildClusterModel } from '../../../server/src/core/cluster/build';
import { CLUSTER_MODEL_URI } from '../../../server/src/core/cluster/types';
import { policyLenses } from '../../../server/src/core/index/features/codeLens';
import { completionAt } from '../../../server/src/core/index/features/completion';
import { hoverAt, hoverMarkdown } from '../../../server/src/core/index/features/hover';
import { definitionsAt, referencesAt } from '../../../server/src/core/index/features/navigation';
import { deployment, indexOf } from './fixtures';

const API = 'file:///w/api.yaml';
const POLICY = 'file:///w/policy.yaml';
const CONFIG = 'file:///w/.netpol.yaml';

const POLICY_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {port: 53, protocol: UDP}
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: monitoring
`;

const CONFIG_TEXT = `cluster:
  workloads:
  - name: prometheus
    namespace: monitoring
    kind: StatefulSet
    labels: {app: prometheus}
`;

function offsetOf(text: string, snippet: string, delta = 0): number {
  const i = text.indexOf(snippet);
  assert.ok(i >= 0, snippet);
  return i + delta;
}

const link = (uri: string, r: { start: number }, text: string) => `[${text}](${uri}#${r.start})`;

describe('features with the cluster model', () => {
  const index = indexOf({ [API]: deployment('api', { app: 'api' }, 'shop'), [POLICY]: POLICY_TEXT });

  it('hover on a DNS egress peer lists the cluster DNS workload, without a link', () => {
    const h = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'k8s-app: kube-dns'));
    assert.ok(h && h.kind === 'podSelector');
    assert.deepStrictEqual([h.count, h.clusterCount, h.workloads.map((w) => [w.uri, w.cluster])], [1, 1, [[CLUSTER_MODEL_URI, 'cluster DNS']]]);
    assert.strictEqual(
      hoverMarkdown(h, link),
      '**1 workload** selected by `k8s-app=kube-dns` in namespace `kube-system` (1 in the cluster model)\n\n- Deployment coredns (cluster DNS, namespace `kube-system`)',
    );
  });

  it('hover on a namespaceSelector says which namespaces come from the cluster model', () => {
    const h = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'kubernetes.io/metadata.name: kube-system'));
    assert.ok(h && h.kind === 'namespaceSelector');
    assert.strictEqual(hoverMarkdown(h, link), '**1 namespace** selected by `kubernetes.io/metadata.name=kube-system`\n\n- `kube-system` (cluster model)');
  });

  it('go to definition never leads to the cluster model, which has no file', () => {
    assert.deepStrictEqual(definitionsAt(index, POLICY, offsetOf(POLICY_TEXT, 'k8s-app: kube-dns')), []);
    assert.deepStrictEqual(definitionsAt(index, POLICY, offsetOf(POLICY_TEXT, 'kubernetes.io/metadata.name: kube-system')), []);
  });

  it('code lens counts cluster workloads and says how many', () => {
    const kubeSystem = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns, namespace: kube-system}\nspec:\n  podSelector: {}\n';
    const i = indexOf({ 'file:///w/ks.yaml': kubeSystem, 'file:///w/agent.yaml': deployment('agent', { app: 'agent' }, 'kube-system') });
    assert.deepStrictEqual(policyLenses(i, 'file:///w/ks.yaml').map((l) => [l.count, l.clusterCount, l.title]), [[2, 1, 'selects 2 workloads (1 in the cluster model)']]);
    assert.deepStrictEqual(policyLenses(index, POLICY).map((l) => l.title), ['selects 1 workload']);
  });

  it('completion offers the cluster workloads\' label keys and values', () => {
    const text = POLICY_TEXT.replace('k8s-app: kube-dns', 'k8s-app: ');
    const i = indexOf({ [API]: deployment('api', { app: 'api' }, 'shop'), [POLICY]: text });
    const values = completionAt(i, POLICY, offsetOf(text, 'k8s-app: ', 9));
    assert.deepStrictEqual([values?.context, values?.items.map((c) => [c.label, c.detail])], ['podLabelValue', [['kube-dns', '1 workload in kube-system']]]);
    const keyText = POLICY_TEXT.replace('k8s-app: kube-dns', 'k');
    const j = indexOf({ [POLICY]: keyText });
    const keys = completionAt(j, POLICY, offsetOf(keyText, '          k\n', 11));
    assert.deepStrictEqual(keys?.items.map((c) => c.label), ['k8s-app']);
  });

  describe('declared in .netpol.yaml', () => {
    const declared = indexOf({ [API]: deployment('api', { app: 'api' }, 'shop'), [POLICY]: POLICY_TEXT, [CONFIG]: CONFIG_TEXT });
    declared.setClusterModel(buildClusterModel({ workloads: [{ name: 'prometheus', namespace: 'monitoring', kind: 'StatefulSet', labels: { app: 'prometheus' } }] }), CONFIG);
    const entry = { start: offsetOf(CONFIG_TEXT, 'name: prometheus'), end: CONFIG_TEXT.length };
    const name = { start: offsetOf(CONFIG_TEXT, 'prometheus'), end: offsetOf(CONFIG_TEXT, 'prometheus') + 'prometheus'.length };

    it('a namespace only the config declares is selectable, and said to be the cluster model\'s', () => {
      const h = hoverAt(declared, POLICY, offsetOf(POLICY_TEXT, 'kubernetes.io/metadata.name: monitoring'));
      assert.ok(h && h.kind === 'namespaceSelector');
      assert.strictEqual(hoverMarkdown(h, link), '**1 namespace** selected by `kubernetes.io/metadata.name=monitoring`\n\n- `monitoring` (cluster model)');
    });

    it('go to definition lands on the config entry, the hover links there, references work from it', () => {
      const defs = definitionsAt(declared, POLICY, offsetOf(POLICY_TEXT, 'kubernetes.io/metadata.name: kube-system'));
      assert.deepStrictEqual(defs, []);
      // A podSelector-less peer for monitoring selects every pod there: prometheus.
      const text = POLICY_TEXT + '      podSelector: {matchLabels: {app: prometheus}}\n';
      declared.setFile(POLICY, text);
      const at = offsetOf(text, 'app: prometheus');
      assert.deepStrictEqual(definitionsAt(declared, POLICY, at).map((r) => [r.uri, r.kind, r.name, r.range, r.selectionRange, r.cluster]), [
        [CONFIG, 'StatefulSet', 'prometheus', entry, name, 'declared in .netpol.yaml'],
      ]);
      const h = hoverAt(declared, POLICY, at);
      assert.ok(h && h.kind === 'podSelector');
      assert.strictEqual(hoverMarkdown(h, link).split('\n')[2], `- StatefulSet [prometheus](${CONFIG}#${name.start}) (declared in .netpol.yaml, namespace \`monitoring\`)`);
      const refs = referencesAt(declared, CONFIG, offsetOf(CONFIG_TEXT, 'labels'));
      assert.deepStrictEqual(refs.map((r) => [r.uri, r.path]), [[POLICY, 'spec.egress[1].to[0].podSelector']]);
      declared.setFile(POLICY, POLICY_TEXT);
    });
  });
});
