// Edge cases of networkpolicy-semantics.md section 3, one small workspace each.
import * as assert from 'assert';
import { isAllowed } from '../../../server/src/core/policy/engine/engine';
import { computeMatrix, verdictToJson } from '../../../server/src/core/policy/engine/matrix';
import { inputFromYaml } from './helpers';

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: ns, labels: {app: client}}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: ns, labels: {app: server}}
spec:
  containers:
  - name: s
    ports:
    - {containerPort: 8080, name: http}
    - {containerPort: 53, name: dns, protocol: UDP}
    - {containerPort: 5353, name: dns-tcp}
status:
  podIP: 10.0.0.2
`;

function policy(spec: string, name = 'p'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ns}\nspec:\n${spec}`;
}

function verdict(spec: string, from: string, to: string, options = {}) {
  const input = inputFromYaml({ 'pods.yaml': PODS, 'policy.yaml': spec });
  return verdictToJson(computeMatrix(input, options).verdict(from, to));
}

describe('engine semantics', () => {
  it('ingress: [] and a missing ingress allow nothing; ingress: [{}] allows everything', () => {
    assert.strictEqual(verdict(policy('  podSelector: {}\n  ingress: []\n'), 'ns/client', 'ns/server'), 'none');
    assert.strictEqual(verdict(policy('  podSelector: {}\n  policyTypes: [Ingress]\n'), 'ns/client', 'ns/server'), 'none');
    assert.strictEqual(verdict(policy('  podSelector: {}\n  ingress: [{}]\n'), 'ns/client', 'ns/server'), 'all');
    assert.strictEqual(verdict(policy('  podSelector: {}\n  ingress:\n  - from: []\n    ports: []\n'), 'ns/client', 'ns/server'), 'all');
  });

  it('policyTypes default to Ingress, plus Egress only with egress rules', () => {
    // No egress rules: egress stays open.
    assert.strictEqual(verdict(policy('  podSelector: {matchLabels: {app: client}}\n  egress: []\n'), 'ns/client', 'ns/server'), 'all');
    // Egress rules: the client is egress-isolated, and ingress-isolated with no ingress rule.
    const spec = policy('  podSelector: {matchLabels: {app: client}}\n  egress:\n  - ports: [{port: 8080}]\n');
    assert.deepStrictEqual(verdict(spec, 'ns/client', 'ns/server'), ['TCP 8080']);
    assert.strictEqual(verdict(spec, 'ns/server', 'ns/client'), 'none');
  });

  it('ignores rules of a direction missing from policyTypes', () => {
    assert.strictEqual(verdict(policy('  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n  ingress: []\n'), 'ns/client', 'ns/server'), 'all');
  });

  it('resolves named ports against the destination, for egress too, with the rule protocol', () => {
    const spec = policy('  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - port: dns\n    - port: http\n    - {port: dns, protocol: UDP}\n');
    assert.deepStrictEqual(verdict(spec, 'ns/client', 'ns/server'), ['TCP 8080', 'UDP 53']);
    // `dns` without a protocol means TCP, and the server's dns port is UDP.
    const tcpOnly = policy('  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: dns}]\n');
    assert.strictEqual(verdict(tcpOnly, 'ns/client', 'ns/server'), 'none');
    // A named port never matches an address outside the cluster.
    assert.strictEqual(verdict(spec, 'ns/client', 'outside'), 'none');
    assert.strictEqual(isAllowed(inputFromYaml({ 'pods.yaml': PODS, 'p.yaml': spec }), 'ns/client', '10.9.9.9', { port: 8080 }), false);
  });

  it('reads endPort as an inclusive range and a protocol without port as all its ports', () => {
    const spec = policy('  podSelector: {matchLabels: {app: server}}\n  ingress:\n  - ports:\n    - {port: 8000, endPort: 8080}\n    - {protocol: SCTP}\n');
    assert.deepStrictEqual(verdict(spec, 'ns/client', 'ns/server'), ['TCP 8000-8080', 'SCTP 1-65535']);
  });

  it('scopes a podSelector peer to the policy namespace; namespaceSelector {} spans all', () => {
    const other = `apiVersion: v1\nkind: Pod\nmetadata: {name: client, namespace: other, labels: {app: client}}\n`;
    const only = policy('  podSelector: {matchLabels: {app: server}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}}]\n');
    const all = policy('  podSelector: {matchLabels: {app: server}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}, namespaceSelector: {}}]\n');
    const run = (p: string) => computeMatrix(inputFromYaml({ 'pods.yaml': PODS, 'other.yaml': other, 'p.yaml': p }));
    assert.deepStrictEqual(verdictToJson(run(only).verdict('other/client', 'ns/server')), 'none');
    assert.deepStrictEqual(verdictToJson(run(only).verdict('ns/client', 'ns/server')), 'all');
    assert.deepStrictEqual(verdictToJson(run(all).verdict('other/client', 'ns/server')), 'all');
    assert.deepStrictEqual(verdictToJson(run(all).verdict('outside', 'ns/server')), 'none');
  });

  it('matches ipBlock per peer, with except, and pods through their IPs (a setting)', () => {
    const spec = policy('  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/24, except: [10.0.0.0/30]}\n    - ipBlock: {cidr: 10.0.0.2/32}\n');
    const input = inputFromYaml({ 'pods.yaml': PODS, 'p.yaml': spec });
    assert.strictEqual(isAllowed(input, 'ns/client', '10.0.0.1', { port: 1 }), false);
    assert.strictEqual(isAllowed(input, 'ns/client', '10.0.0.2', { port: 1 }), true);
    assert.strictEqual(isAllowed(input, 'ns/client', '10.0.0.9', { port: 1 }), true);
    assert.strictEqual(isAllowed(input, 'ns/client', 'ns/server', { port: 8080 }), true);
    assert.strictEqual(isAllowed(input, 'ns/client', 'ns/server', { port: 8080 }, { ipBlockMatchesPodIPs: false }), false);
  });

  it('lets invalid parts match nothing', () => {
    // A selector with a bad operator selects no pod: the policy isolates nobody.
    assert.strictEqual(verdict(policy('  podSelector: {matchExpressions: [{key: app, operator: in, values: [server]}]}\n  ingress: []\n'), 'ns/client', 'ns/server'), 'all');
    // A peer with no field, a bad protocol, a bad CIDR: the rule allows nothing, the pod stays isolated.
    for (const rule of ['from: [{}]', 'ports: [{port: 8080, protocol: tcp}]', 'from: [{ipBlock: {cidr: 10.0.0.0/33}}]', 'ports: [{port: 0}]', 'ports: [{port: 90, endPort: 80}]', 'ports: [{port: "8080"}]']) {
      assert.strictEqual(verdict(policy(`  podSelector: {}\n  ingress:\n  - ${rule}\n`), 'ns/client', 'ns/server'), 'none', rule);
    }
  });

  it('unions policies: an address excepted by one may be allowed by another', () => {
    const a = policy('  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]\n', 'a');
    const b = policy('  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.1.0.0/16}}], ports: [{port: 443}]}]\n', 'b');
    const input = inputFromYaml({ 'pods.yaml': PODS, 'a.yaml': a, 'b.yaml': b });
    assert.strictEqual(isAllowed(input, 'ns/client', '10.1.2.3', { port: 443 }), true);
    assert.strictEqual(isAllowed(input, 'ns/client', '10.1.2.3', { port: 80 }), false);
    assert.strictEqual(isAllowed(input, 'ns/client', '10.2.0.1', { port: 443 }), false);
    assert.strictEqual(isAllowed(input, 'ns/client', '1.1.1.1', { port: 80 }), true);
  });
});
