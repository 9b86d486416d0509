import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import type { Finding } from '../../../server/src/core/findings';
import { deployment, indexOf, namespaceObj } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';
const WORKSPACE = {
  'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop'),
  'file:///w/web.yaml': deployment('web', { app: 'web' }, 'frontend'),
  'file:///w/db.yaml': deployment('db', { app: 'db' }, 'data'),
  'file:///w/ns.yaml': namespaceObj('frontend', { team: 'web' }) + '---\n' + namespaceObj('data', { team: 'data' }),
};

function policy(spec: string, namespace = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n${spec}`;
}

function findings(text: string): Finding[] {
  return runIndexChecks(indexOf({ ...WORKSPACE, [POLICY]: text }), POLICY);
}

function ids(fs: Finding[]): string[] {
  return fs.map((f) => `${f.ruleId} ${f.severity}`);
}

const API = '  podSelector:\n    matchLabels:\n      app: api\n';

describe('netpol/peer-selector-wrong-namespace', () => {
  it('fires on a pod-only peer whose pods live in another namespace, instead of selector-matches-nothing', () => {
    const text = policy(API + '  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: web\n');
    const fs = findings(text);
    assert.deepStrictEqual(ids(fs), ['netpol/peer-selector-wrong-namespace warning']);
    assert.match(fs[0].message, /podSelector app=web has no namespaceSelector.*namespace shop.*in namespace frontend: add a namespaceSelector/);
    assert.ok(text.slice(fs[0].range.start, fs[0].range.end).startsWith('podSelector:'));
    assert.deepStrictEqual((fs[0].data as { namespaces: string[] }).namespaces, ['frontend']);
  });

  it('counts cluster-model pods (the DNS pods of kube-system)', () => {
    const fs = findings(policy(API + '  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n'));
    assert.ok(ids(fs).includes('netpol/peer-selector-wrong-namespace warning'), ids(fs).join());
    assert.match(fs.find((f) => f.ruleId === 'netpol/peer-selector-wrong-namespace')!.message, /namespace kube-system/);
  });

  it('is silent for a typo (no namespace has it), with a namespaceSelector, and for {}', () => {
    assert.deepStrictEqual(ids(findings(policy(API + '  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: wbe\n'))), ['netpol/selector-matches-nothing warning']);
    assert.deepStrictEqual(ids(findings(policy(API + '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: web\n      podSelector:\n        matchLabels:\n          app: web\n'))), []);
    assert.deepStrictEqual(ids(findings(policy(API + '  ingress:\n  - from:\n    - podSelector: {}\n'))), []);
  });
});

describe('netpol/policy-selects-other-namespace', () => {
  it('fires when the policy lacks metadata.namespace and its pods are elsewhere', () => {
    const fs = findings(policy('  podSelector:\n    matchLabels:\n      app: db\n  policyTypes: [Ingress]\n', '')).filter((f) => f.ruleId === 'netpol/policy-selects-other-namespace');
    assert.strictEqual(fs.length, 1);
    assert.strictEqual(fs[0].severity, 'warning');
    assert.match(fs[0].message, /matches no workload in the policy's namespace default \(metadata.namespace is not set\), but matches workloads in namespace data: set metadata.namespace: data/);
  });

  it('replaces selector-matches-nothing in a namespace with workloads', () => {
    assert.deepStrictEqual(ids(findings(policy('  podSelector:\n    matchLabels:\n      app: db\n'))), ['netpol/policy-selects-other-namespace warning']);
  });

  it('is silent for {} and an omitted podSelector, and when the pods are in its namespace', () => {
    assert.deepStrictEqual(ids(findings(policy('  podSelector: {}\n', ''))).filter((x) => x.includes('other-namespace')), []);
    assert.deepStrictEqual(ids(findings(policy(API))), []);
  });
});

describe('netpol/peers-or-not-and', () => {
  const OR = API + '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: web\n    - podSelector:\n        matchLabels:\n          app: web\n';

  it('fires on the pod-only peer, replacing the wrong-namespace and matches-nothing findings', () => {
    const text = policy(OR);
    const fs = findings(text);
    assert.deepStrictEqual(ids(fs), ['netpol/peers-or-not-and warning']);
    assert.match(fs[0].message, /^namespaceSelector team=web and podSelector app=web are two peers \(OR\), not one \(AND\)/);
    assert.strictEqual(fs[0].related?.length, 1);
    assert.ok(text.slice(fs[0].related![0].range.start).startsWith('namespaceSelector'));
  });

  it('is silent when the pods are not in a namespace the sibling selects (then the peer rule speaks)', () => {
    const text = policy(API + '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: data\n    - podSelector:\n        matchLabels:\n          app: web\n');
    assert.deepStrictEqual(ids(findings(text)), ['netpol/peer-selector-wrong-namespace warning']);
  });

  it('is silent when the pod-only peer matches in its own namespace (a deliberate OR)', () => {
    const text = policy(API + '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: web\n    - podSelector:\n        matchLabels:\n          app: api\n');
    assert.deepStrictEqual(ids(findings(text)), []);
  });
});
