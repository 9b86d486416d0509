import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { buildClusterModel } from '../../../server/src/core/cluster/build';
import type { Finding } from '../../../server/src/core/findings';
import { deployment, indexOf } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';
const APP = { 'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop'), 'file:///w/web.yaml': deployment('web', { app: 'web' }, 'shop') };

function policy(name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n${spec}`;
}

function dns(files: Record<string, string>, dnsPreset?: 'openshift' | 'nodelocal' | 'none'): Finding[] {
  const index = indexOf({ ...APP, ...files });
  if (dnsPreset) index.setClusterModel(buildClusterModel({ dns: dnsPreset }));
  return Object.keys(files).flatMap((uri) => runIndexChecks(index, uri).filter((f) => f.ruleId === 'netpol/dns-egress-blocked'));
}

const ISOLATE_API = `  podSelector:
    matchLabels:
      app: api
  policyTypes:
  - Egress
`;

describe('netpol/dns-egress-blocked', () => {
  it('warns on the policyTypes key of a policy that isolates egress without DNS, naming the workload', () => {
    const text = policy('api-egress', ISOLATE_API + '  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n          app: web\n');
    const fs = dns({ [POLICY]: text });
    assert.strictEqual(fs.length, 1);
    assert.strictEqual(fs[0].severity, 'warning');
    assert.match(fs[0].message, /^api is egress-isolated by api-egress but no egress rule allows DNS \(UDP 53\) to kube-system\/k8s-app=kube-dns: every name lookup will time out/);
    assert.strictEqual(text.slice(fs[0].range.start, fs[0].range.end), 'policyTypes');
  });

  it('reports on the egress key when policyTypes is absent, naming several workloads', () => {
    const text = policy('all', '  podSelector: {}\n  egress:\n  - ports:\n    - port: 443\n');
    const fs = dns({ [POLICY]: text });
    assert.strictEqual(fs.length, 1);
    assert.match(fs[0].message, /^api and web are egress-isolated by all/);
    assert.strictEqual(text.slice(fs[0].range.start, fs[0].range.end), 'egress');
  });

  it('is information when UDP 53 is allowed and TCP 53 is not', () => {
    const fs = dns({ [POLICY]: policy('p', ISOLATE_API + '  egress:\n  - ports:\n    - protocol: UDP\n      port: 53\n') });
    assert.deepStrictEqual(
      fs.map((f) => f.severity),
      ['information'],
    );
    assert.match(fs[0].message, /may reach DNS over UDP 53 but not TCP 53/);
  });

  for (const [what, egress] of [
    ['a rule with ports and no to', '  egress:\n  - ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n'],
    ['namespaceSelector: {}', '  egress:\n  - to:\n    - namespaceSelector: {}\n'],
    ['an empty rule', '  egress:\n  - {}\n'],
    ['the DNS pods by selector', '  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - port: 53\n      protocol: UDP\n    - port: 53\n      protocol: TCP\n'],
  ] as const) {
    it(`is silent when ${what} allows DNS`, () => {
      assert.deepStrictEqual(dns({ [POLICY]: policy('p', ISOLATE_API + egress) }), []);
    });
  }

  it('takes the union of every policy selecting the workload (default deny + allow-dns in another file)', () => {
    const deny = policy('deny', '  podSelector: {}\n  policyTypes:\n  - Egress\n');
    const allow = policy('allow-dns', '  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - port: 53\n      protocol: UDP\n    - port: 53\n      protocol: TCP\n');
    assert.deepStrictEqual(dns({ [POLICY]: deny, 'file:///w/allow.yaml': allow }), []);
    // Without the allow policy, the default deny is reported once.
    assert.strictEqual(dns({ [POLICY]: deny }).length, 1);
  });

  it('is silent for ingress-only policies and when the cluster model has no DNS', () => {
    assert.deepStrictEqual(dns({ [POLICY]: policy('p', '  podSelector: {}\n  ingress:\n  - {}\n') }), []);
    assert.deepStrictEqual(dns({ [POLICY]: policy('p', ISOLATE_API) }, 'none'), []);
  });

  it('follows the OpenShift preset (port 5353) and NodeLocal DNSCache (its address counts)', () => {
    const udp53 = ISOLATE_API + '  egress:\n  - to:\n    - namespaceSelector: {}\n    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n';
    const os = dns({ [POLICY]: policy('p', udp53) }, 'openshift');
    assert.strictEqual(os.length, 1);
    assert.match(os[0].message, /DNS \(UDP 5353\) to openshift-dns\/dns\.operator\.openshift\.io\/daemonset-dns=default/);
    const local = ISOLATE_API + '  egress:\n  - to:\n    - ipBlock:\n        cidr: 169.254.20.10/32\n    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n';
    assert.deepStrictEqual(dns({ [POLICY]: policy('p', local) }, 'nodelocal'), []);
    assert.strictEqual(dns({ [POLICY]: policy('p', local) }).length, 1);
  });

  it('recomputes after an edit of another policy of the namespace', () => {
    const deny = policy('deny', '  podSelector: {}\n  policyTypes:\n  - Egress\n');
    const index = indexOf({ ...APP, [POLICY]: deny });
    const count = () => runIndexChecks(index, POLICY).filter((f) => f.ruleId === 'netpol/dns-egress-blocked').length;
    assert.strictEqual(count(), 1);
    index.setFile('file:///w/allow.yaml', policy('allow', '  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n    - port: 53\n      protocol: TCP\n'));
    assert.strictEqual(count(), 0);
    index.removeFile('file:///w/allow.yaml');
    assert.strictEqual(count(), 1);
  });
});
