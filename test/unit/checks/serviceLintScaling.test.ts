// The named-port, Service-port, webhook and host-network lints must not cost
// policies x workloads: the same policies, Services, webhook and
// host-network workloads checked against ten times more workloads (all
// sharing the selected labels and the port name) cost far less than ten
// times more. A ratio against a baseline measured in the same run.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';

const NAMESPACES = 8;
const APPS = 30;
const POLICIES = 120;
const RULES = new Set(['netpol/named-port-undefined', 'netpol/service-port-not-pod-port', 'netpol/webhook-ingress-blocked', 'netpol/host-network-pod']);

function build(workloadCount: number): { index: WorkspaceIndex; uris: string[] } {
  const index = new WorkspaceIndex({ clusterModel: false });
  const per = 50;
  for (let f = 0; f * per < workloadCount; f++) {
    const docs: string[] = [];
    for (let i = f * per; i < Math.min(workloadCount, (f + 1) * per); i++) {
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: w-${i}, namespace: ns-${i % NAMESPACES}, labels: {app: app-${i % APPS}, instance: w-${i}}}\nspec:\n  containers: [{name: m, ports: [{name: http, containerPort: 8080}]}]\n`);
    }
    index.setFile(`file:///w/pods-${f}.yaml`, docs.join('---\n'));
  }
  const services: string[] = [];
  for (let n = 0; n < NAMESPACES; n++) for (let a = 0; a < APPS; a++) services.push(`apiVersion: v1\nkind: Service\nmetadata: {name: app-${a}, namespace: ns-${n}}\nspec:\n  selector: {app: app-${a}}\n  ports: [{port: 80, targetPort: http}]\n`);
  index.setFile('file:///w/services.yaml', services.join('---\n'));
  const uris: string[] = [];
  for (let p = 0; p < POLICIES; p++) {
    const uri = `file:///w/policy-${p}.yaml`;
    uris.push(uri);
    index.setFile(
      uri,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p-${p}, namespace: ns-${p % NAMESPACES}}
spec:
  podSelector: {matchLabels: {app: app-${p % APPS}}}
  ingress:
  - ports: [{port: metrics}, {port: 80}]
  egress:
  - to: [{podSelector: {matchLabels: {app: app-${(p * 7) % APPS}}}}]
    ports: [{port: grpc}, {port: 80}]
`,
    );
  }
  index.setFile('file:///w/hook.yaml', 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: h}\nwebhooks:\n- name: h.example.com\n  clientConfig:\n    service: {namespace: ns-0, name: app-0, port: 80}\n');
  index.setFile('file:///w/agents.yaml', Array.from({ length: 10 }, (_, i) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent-${i}, namespace: ns-${i % NAMESPACES}}\nspec:\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec: {hostNetwork: true, containers: [{name: m}]}\n`).join('---\n'));
  uris.push('file:///w/hook.yaml', 'file:///w/agents.yaml');
  return { index, uris };
}

function median(index: WorkspaceIndex, uris: string[]): { ms: number; findings: number } {
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    findings = 0;
    for (const uri of uris) findings += runIndexChecks(index, uri, (id) => RULES.has(id)).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], findings };
}

describe('Service, webhook, named-port and host-network lints scale with what they check', function () {
  this.timeout(180000);

  it('ten times more workloads: same findings, well under ten times the cost', () => {
    const small = build(2000);
    const large = build(20000);
    median(small.index, small.uris);
    const a = median(small.index, small.uris);
    const b = median(large.index, large.uris);
    // Per policy: two undefined names, two Service ports; the webhook (no rule admits the API server: the policies of ns-0 isolate app-0); ten host-network agents.
    assert.strictEqual(a.findings, POLICIES * 4 + 1 + 10);
    assert.strictEqual(b.findings, a.findings);
    const ratio = b.ms / Math.max(a.ms, 0.5);
    if (process.env.SHOW_RATIO) console.log(`ratio ${ratio.toFixed(2)}: ${a.ms.toFixed(1)} ms -> ${b.ms.toFixed(1)} ms`);
    assert.ok(ratio < 3, `checks over 10x the workloads cost ${ratio.toFixed(2)}x (${a.ms.toFixed(1)} ms -> ${b.ms.toFixed(1)} ms)`);
  });
});
