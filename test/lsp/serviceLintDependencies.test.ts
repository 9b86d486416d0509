// Webhook configurations and host-network workloads have workspace findings
// too: they are checked (findingsOf), and an edit of a policy or a Service
// re-checks them (DiagnosticsDependencies), so their diagnostics never go stale.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { DiagnosticsDependencies } from '../../server/src/features/diagnosticsDependencies';
import { findingsOf } from '../../server/src/features/diagnosticsFindings';

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hook, namespace: hooks}\nspec:\n  template:\n    metadata: {labels: {app: hook}}\n    spec: {containers: [{name: m, ports: [{containerPort: 8443}]}]}\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: hook, namespace: hooks}\nspec:\n  selector: {app: hook}\n  ports: [{port: 443, targetPort: 8443}]\n';
const WEBHOOK = 'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks:\n- name: m.example.com\n  clientConfig:\n    service: {namespace: hooks, name: hook}\n';
const AGENT = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: infra}\nspec:\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {hostNetwork: true, containers: [{name: m}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: hooks}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const AGENT_POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: agent}}}]\n';

const OPTIONS = { rules: {}, workspaceChecks: true };

function ruleIds(index: WorkspaceIndex, uri: string): string[] {
  return findingsOf(index, uri, OPTIONS)!.findings.map((f) => f.ruleId);
}

describe('diagnostics of webhook and host-network files follow the files they depend on', () => {
  it('a policy or Service edit re-checks the webhook file and the host-network workload file', () => {
    const index = new WorkspaceIndex();
    const files: Record<string, string> = { 'file:///w/deploy.yaml': DEPLOY, 'file:///w/service.yaml': SERVICE, 'file:///w/webhook.yaml': WEBHOOK, 'file:///w/agent.yaml': AGENT, 'file:///w/deny.yaml': DENY, 'file:///w/other.yaml': AGENT_POLICY.replace('app: agent', 'app: web') };
    for (const [uri, text] of Object.entries(files)) index.setFile(uri, text);
    const deps = new DiagnosticsDependencies();
    deps.reset(index);
    assert.deepStrictEqual(ruleIds(index, 'file:///w/webhook.yaml'), ['netpol/webhook-ingress-blocked']);
    assert.deepStrictEqual(ruleIds(index, 'file:///w/agent.yaml'), []);

    // The deny policy goes: the webhook file is re-checked and its warning goes.
    index.setFile('file:///w/deny.yaml', DENY.replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress: [{}]'));
    const affected = deps.changed(index, ['file:///w/deny.yaml']);
    assert.ok(affected === 'all' || affected.has('file:///w/webhook.yaml'));
    assert.deepStrictEqual(ruleIds(index, 'file:///w/webhook.yaml'), []);

    // The Service's targetPort changes: re-checked too.
    index.setFile('file:///w/deny.yaml', DENY);
    deps.changed(index, ['file:///w/deny.yaml']);
    index.setFile('file:///w/service.yaml', SERVICE.replace('8443', '9443'));
    const afterService = deps.changed(index, ['file:///w/service.yaml']);
    assert.ok(afterService === 'all' || afterService.has('file:///w/webhook.yaml'));

    // A policy in another namespace starts to select the agent: the agent file is re-checked and warns.
    index.setFile('file:///w/other.yaml', AGENT_POLICY);
    const afterPeer = deps.changed(index, ['file:///w/other.yaml']);
    assert.ok(afterPeer === 'all' || afterPeer.has('file:///w/agent.yaml'));
    assert.deepStrictEqual(ruleIds(index, 'file:///w/agent.yaml'), ['netpol/host-network-pod']);
  });
});
