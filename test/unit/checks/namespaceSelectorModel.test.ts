// netpol/namespace-selector-matches-nothing resolves against the cluster
// model the index holds (no list of its own).
import * as assert from 'assert';
import { buildClusterModel } from '../../../server/src/core/cluster/build';
import type { ClusterModel } from '../../../server/src/core/cluster/types';
import { namespaceSelectorMatchesNothing } from '../../../server/src/core/checks/namespaceSelectorMatchesNothing';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { deployment } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';

function policy(matchLabels: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns, namespace: shop}
spec:
  podSelector: {}
  egress:
  - to:
    - namespaceSelector:
        matchLabels: {${matchLabels}}
`;
}

function messages(matchLabels: string, clusterModel?: ClusterModel | false): string[] {
  const index = new WorkspaceIndex({ clusterModel });
  index.setFile('file:///w/api.yaml', deployment('api', { app: 'api' }, 'shop'));
  index.setFile(POLICY, policy(matchLabels));
  return namespaceSelectorMatchesNothing.run(index, POLICY).map((f) => f.message);
}

describe('netpol/namespace-selector-matches-nothing and the cluster model', () => {
  it('the built-in namespaces exist; without the model they do not', () => {
    assert.deepStrictEqual(messages('kubernetes.io/metadata.name: kube-system'), []);
    assert.deepStrictEqual(messages('kubernetes.io/metadata.name: kube-node-lease'), []);
    assert.strictEqual(messages('kubernetes.io/metadata.name: kube-system', false).length, 1);
  });

  it('a typo of kube-system names it', () => {
    const [m] = messages('kubernetes.io/metadata.name: kube-sytem');
    assert.match(m, /kube-system/);
  });

  it('openshift-dns exists with the openshift preset only', () => {
    assert.strictEqual(messages('kubernetes.io/metadata.name: openshift-dns').length, 1);
    assert.deepStrictEqual(messages('kubernetes.io/metadata.name: openshift-dns', buildClusterModel({ dns: 'openshift' })), []);
  });

  it('namespaces the config declares exist with their labels, and so do those of declared workloads', () => {
    const model = buildClusterModel({ extraNamespaces: [{ name: 'monitoring', labels: { team: 'sre' } }], workloads: [{ name: 'ingress', namespace: 'ingress-nginx', labels: {} }] });
    assert.deepStrictEqual(messages('team: sre', model), []);
    assert.deepStrictEqual(messages('kubernetes.io/metadata.name: ingress-nginx', model), []);
    assert.strictEqual(messages('team: sre').length, 1);
  });
});
