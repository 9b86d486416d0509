import * as assert from 'assert';
import { namespacesMatching, peersSelecting, policiesSelecting, resolvePeer, selectorSitesOf, workloadsSelectedBy } from '../../../server/src/core/policy/resolve';
import type { IndexedPolicy } from '../../../server/src/core/index/types';
import type { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { deployment, indexOf, namespaceObj, pod } from '../index/fixtures';

// Three namespaces: shop (team=shop), pay (team=pay), bare (named only).
const WORKSPACE = {
  'file:///w/ns.yaml': namespaceObj('shop', { team: 'shop' }) + '---\n' + namespaceObj('pay', { team: 'pay', env: 'prod' }),
  'file:///w/shop.yaml': deployment('web', { app: 'web' }, 'shop') + '---\n' + deployment('api', { app: 'api' }, 'shop') + '---\n' + pod('db', { app: 'db' }, 'shop'),
  'file:///w/pay.yaml': deployment('web', { app: 'web' }, 'pay') + '---\n' + deployment('pay', { app: 'pay' }, 'pay'),
  'file:///w/bare.yaml': deployment('web', { app: 'web' }, 'bare'),
  'file:///w/default.yaml': pod('stray', { app: 'api' }),
};

function policyWith(peers: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
${peers}`;
}

function setup(peers: string): { index: WorkspaceIndex; policy: IndexedPolicy } {
  const index = indexOf({ ...WORKSPACE, 'file:///w/policy.yaml': policyWith(peers) });
  return { index, policy: index.getFile('file:///w/policy.yaml')!.policies[0] };
}

function resolved(peers: string) {
  const { index, policy } = setup(peers);
  const peer = policy.policy.ingress!.items[0].peers!.items[0];
  const r = resolvePeer(index, policy, peer);
  return { namespaces: r.namespaces, allNamespaces: r.allNamespaces, ipBlock: r.ipBlock, workloads: r.workloads.map((w) => `${w.namespace}/${w.name}`) };
}

describe('peer resolution (networkpolicy-semantics.md 3.7, 3.8, 3.10)', () => {
  it('the policy podSelector selects in the policy namespace only', () => {
    const { index, policy } = setup('    - podSelector: {}\n');
    assert.deepStrictEqual(workloadsSelectedBy(index, policy).map((w) => `${w.namespace}/${w.name}`), ['shop/db']);
  });

  it('podSelector alone: matching pods of the policy namespace', () => {
    assert.deepStrictEqual(resolved('    - podSelector: {matchLabels: {app: web}}\n'), { namespaces: ['shop'], allNamespaces: false, ipBlock: false, workloads: ['shop/web'] });
  });

  it('podSelector {} alone: every pod of the policy namespace', () => {
    assert.deepStrictEqual(resolved('    - podSelector: {}\n').workloads, ['shop/api', 'shop/db', 'shop/web']);
  });

  it('namespaceSelector alone: every pod of the matching namespaces', () => {
    assert.deepStrictEqual(resolved('    - namespaceSelector: {matchLabels: {team: pay}}\n'), { namespaces: ['pay'], allNamespaces: false, ipBlock: false, workloads: ['pay/pay', 'pay/web'] });
  });

  it('namespaceSelector {}: every namespace, including ones only named', () => {
    const r = resolved('    - namespaceSelector: {}\n');
    // The cluster model's namespaces too, and its CoreDNS pods.
    assert.deepStrictEqual(r.namespaces, ['bare', 'default', 'kube-node-lease', 'kube-public', 'kube-system', 'pay', 'shop']);
    assert.strictEqual(r.allNamespaces, true);
    assert.strictEqual(r.workloads.length, 8);
    assert.ok(r.workloads.includes('kube-system/coredns'), r.workloads.join(', '));
  });

  it('both in one peer: matching pods in matching namespaces (AND)', () => {
    assert.deepStrictEqual(resolved('    - namespaceSelector: {matchLabels: {team: pay}}\n      podSelector: {matchLabels: {app: web}}\n').workloads, ['pay/web']);
    assert.deepStrictEqual(resolved('    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: web}}\n').workloads, ['bare/web', 'pay/web', 'shop/web']);
  });

  it('the same two selectors as two peers: OR', () => {
    const { index, policy } = setup('    - namespaceSelector: {matchLabels: {team: pay}}\n    - podSelector: {matchLabels: {app: web}}\n');
    const peers = policy.policy.ingress!.items[0].peers!.items;
    const union = new Set(peers.flatMap((p) => resolvePeer(index, policy, p).workloads.map((w) => `${w.namespace}/${w.name}`)));
    assert.deepStrictEqual([...union].sort(), ['pay/pay', 'pay/web', 'shop/web']);
  });

  it('the automatic kubernetes.io/metadata.name label selects a namespace no file defines', () => {
    assert.deepStrictEqual(resolved("    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: bare}}\n").workloads, ['bare/web']);
  });

  it('matchExpressions in namespace and pod selectors', () => {
    assert.deepStrictEqual(
      resolved('    - namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}\n      podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}\n').workloads,
      ['pay/pay', 'shop/api', 'shop/db'],
    );
  });

  it('ipBlock peers resolve to no workloads', () => {
    assert.deepStrictEqual(resolved('    - ipBlock: {cidr: 10.0.0.0/8}\n'), { namespaces: [], allNamespaces: false, ipBlock: true, workloads: [] });
  });

  it('an empty peer (invalid) and an invalid selector select nothing', () => {
    assert.deepStrictEqual(resolved('    - {}\n').workloads, []);
    assert.deepStrictEqual(resolved('    - podSelector: {matchExpressions: [{key: app, operator: in, values: [web]}]}\n').workloads, []);
  });

  it('namespacesMatching, policiesSelecting and peersSelecting', () => {
    const { index, policy } = setup('    - podSelector: {matchLabels: {app: web}}\n    - namespaceSelector: {matchLabels: {env: prod}}\n');
    assert.deepStrictEqual(namespacesMatching(index, undefined).map((n) => n.name), ['bare', 'default', 'kube-node-lease', 'kube-public', 'kube-system', 'pay', 'shop']);
    const db = [...index.workloadsIn('shop').values()].find((w) => w.name === 'db')!;
    const payWeb = [...index.workloadsIn('pay').values()].find((w) => w.name === 'web')!;
    const shopWeb = [...index.workloadsIn('shop').values()].find((w) => w.name === 'web')!;
    assert.deepStrictEqual(policiesSelecting(index, db).map((p) => p.id), [policy.id]);
    assert.deepStrictEqual(policiesSelecting(index, shopWeb), []);
    assert.deepStrictEqual(peersSelecting(index, shopWeb).map((m) => [m.policy.name, m.direction, m.peer.path]), [['db', 'Ingress', 'spec.ingress[0].from[0]']]);
    assert.deepStrictEqual(peersSelecting(index, payWeb).map((m) => m.peer.path), ['spec.ingress[0].from[1]']);
    assert.deepStrictEqual(selectorSitesOf(policy.policy).map((s) => [s.role, s.selector.path]), [
      ['policy', 'spec.podSelector'],
      ['peerPod', 'spec.ingress[0].from[0].podSelector'],
      ['peerNamespace', 'spec.ingress[0].from[1].namespaceSelector'],
    ]);
  });
});
