// "Which namespaces of a list have workloads" is kept across edits that do
// not change that set (a keystroke in a policy must not filter the whole
// namespace list again), and changes when a namespace gains its first
// workload or loses its last.
import * as assert from 'assert';
import { namespacesWithWorkloads } from '../../../server/src/core/checks/namespacesWithWorkloads';
import { deployment, indexOf } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';
const policy = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: a\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: ${port}\n`;

describe('namespaces with workloads', () => {
  it('kept across edits that keep the set; recomputed when a namespace gains its first workload or loses its last', () => {
    const index = indexOf({ 'file:///w/a.yaml': deployment('x', { app: 'x' }, 'a'), 'file:///w/a2.yaml': deployment('x2', { app: 'x' }, 'a'), 'file:///w/b.yaml': deployment('y', { app: 'y' }, 'b'), [POLICY]: policy(80) }, undefined, { clusterModel: false });
    const list = ['a', 'b', 'c', 'd', 'e', 'f'];
    const first = namespacesWithWorkloads(index, list);
    assert.deepStrictEqual(first, ['a', 'b']);
    const before = index.workloadNamespacesVersion;
    index.setFile(POLICY, policy(81));
    // A label edit in a namespace that keeps another workload meanwhile.
    index.setFile('file:///w/a.yaml', deployment('x', { app: 'x2' }, 'a'));
    assert.strictEqual(namespacesWithWorkloads(index, list), first, 'the same answer, not filtered again');
    index.setFile('file:///w/c.yaml', deployment('z', { app: 'z' }, 'c'));
    assert.ok(index.workloadNamespacesVersion > before);
    assert.deepStrictEqual(namespacesWithWorkloads(index, list), ['a', 'b', 'c']);
    index.removeFile('file:///w/b.yaml');
    assert.deepStrictEqual(namespacesWithWorkloads(index, list), ['a', 'c']);
    index.setFile('file:///w/c.yaml', deployment('z', { app: 'z' }, 'd'));
    assert.deepStrictEqual(namespacesWithWorkloads(index, list), ['a', 'd']);
  });
});
