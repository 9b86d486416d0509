// netpol/host-network-pod: once per host-network workload that a policy or a
// peer selects; information when only `{}`-like selectors do; silent when
// nothing selects it or hostNetwork is off.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { indexOf } from '../index/fixtures';

const RULE = 'netpol/host-network-pod';
const AGENT = 'file:///w/agent.yaml';

function agent(hostNetwork = 'true'): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: infra}
spec:
  template:
    metadata:
      labels: {app: agent}
    spec:
      hostNetwork: ${hostNetwork}
      containers: [{name: main}]
`;
}

function policy(name: string, ns: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
}

function run(policies: Record<string, string>, text = agent()) {
  const index = indexOf({ [AGENT]: text, 'file:///w/web.yaml': agent('false').replace(/agent/g, 'web').replace('infra', 'shop'), ...policies });
  return { text, findings: runIndexChecks(index, AGENT).filter((f) => f.ruleId === RULE) };
}

describe('netpol/host-network-pod', () => {
  it('warns once on hostNetwork: true when policies and peers select it, naming them, related info on each', () => {
    const { findings, text } = run({
      'file:///w/p1.yaml': policy('agent-in', 'infra', '  podSelector: {matchLabels: {app: agent}}\n  ingress: [{}]\n'),
      'file:///w/p2.yaml': policy('web-out', 'shop', '  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: agent}}}]\n'),
    });
    assert.strictEqual(findings.length, 1);
    const [f] = findings;
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(text.slice(f.range.start, f.range.end), 'hostNetwork: true');
    assert.match(f.message, /DaemonSet infra\/agent runs with hostNetwork: true, and policy agent-in, a to peer of shop\/web-out select it: most network plugins do not apply NetworkPolicies to host-network pods/);
    assert.deepStrictEqual(f.related!.map((r) => r.uri), ['file:///w/p1.yaml', 'file:///w/p2.yaml']);
  });

  it('information when only selectors picking every pod select it', () => {
    const { findings } = run({
      'file:///w/p1.yaml': policy('deny-all', 'infra', '  podSelector: {}\n  policyTypes: [Ingress]\n'),
      'file:///w/p2.yaml': policy('web-out', 'shop', '  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}}]\n'),
    });
    assert.strictEqual(findings[0].severity, 'information');
    assert.match(findings[0].message, /only selectors that pick every pod select it \(policy deny-all, a to peer of shop\/web-out\)/);
  });

  it('silent when nothing selects it, or without hostNetwork: true', () => {
    assert.deepStrictEqual(run({ 'file:///w/p.yaml': policy('web', 'shop', '  podSelector: {}\n  egress:\n  - to: [{podSelector: {}}]\n') }).findings, []);
    const p = { 'file:///w/p1.yaml': policy('agent-in', 'infra', '  podSelector: {matchLabels: {app: agent}}\n') };
    assert.deepStrictEqual(run(p, agent('false')).findings, []);
    assert.strictEqual(run(p).findings.length, 1);
  });
});
