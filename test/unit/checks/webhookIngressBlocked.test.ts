// netpol/webhook-ingress-blocked: the API server (not a pod) locked out of a
// webhook's or APIService's pods; the engine decides, so a rule with no
// `from` or an ipBlock admits it and pod/namespace selectors do not.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { engineInputFrom } from '../../../server/src/core/index/engineInput';
import { isAllowed } from '../../../server/src/core/policy/engine';
import { indexOf } from '../index/fixtures';
import { deploymentWithPort } from './serviceFixtures';

const RULE = 'netpol/webhook-ingress-blocked';
const HOOKS = 'file:///w/hooks.yaml';
const POLICY = 'file:///w/policy.yaml';

const DEPLOY = deploymentWithPort('hook', 'hooks', 'https', 8443);

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: hook-svc, namespace: hooks}\nspec:\n  selector: {app: hook}\n  ports: [{port: 443, targetPort: https}]\n';

function webhook(failurePolicy = 'Fail', port = ''): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: hooks}
webhooks:
- name: check.example.com
  failurePolicy: ${failurePolicy}
  clientConfig:
    service: {namespace: hooks, name: hook-svc${port}}
`;
}

const APISERVICE = 'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.hooks.example.com}\nspec:\n  service: {namespace: hooks, name: hook-svc}\n';

function policy(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: lock, namespace: hooks}\nspec:\n${spec}`;
}

const DENY_ALL = '  podSelector: {}\n  policyTypes: [Ingress]\n';

function run(spec: string, caller = webhook()) {
  const index = indexOf({ 'file:///w/deploy.yaml': DEPLOY, 'file:///w/service.yaml': SERVICE, [POLICY]: policy(spec), [HOOKS]: caller });
  return { index, findings: runIndexChecks(index, HOOKS).filter((f) => f.ruleId === RULE) };
}

describe('netpol/webhook-ingress-blocked', () => {
  it('fires on the webhook\'s service when a default-deny isolates its pods; related info on the Service and the policy', () => {
    const { findings, index } = run(DENY_ALL);
    assert.strictEqual(findings.length, 1);
    const [f] = findings;
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(index.getFile(HOOKS)!.text.slice(f.range.start, f.range.end), 'service');
    assert.match(f.message, /the API server calls webhook "check.example.com" through Service hooks\/hook-svc port 443 \(targetPort "https" \(8443\) of Deployment hooks\/hook\), but lock isolates those pods/);
    assert.match(f.message, /the API server is not a pod/);
    assert.match(f.message, /failurePolicy: Fail every request it intercepts will be rejected/);
    assert.deepStrictEqual(f.related!.map((r) => r.uri), ['file:///w/service.yaml', POLICY]);
    // The engine agrees.
    assert.strictEqual(isAllowed(engineInputFrom(index), 'outside', 'hooks/hook', { port: 8443 }), false);
  });

  it('warns with failurePolicy: Ignore too (it fails open), and for an APIService', () => {
    assert.match(run(DENY_ALL, webhook('Ignore')).findings[0].message, /fails open/);
    assert.match(run(DENY_ALL, APISERVICE).findings[0].message, /the API server calls APIService v1.hooks.example.com .*The aggregated API v1.hooks.example.com will be unavailable/);
  });

  it('pod and namespace selectors do not admit the API server', () => {
    const spec = DENY_ALL + '  ingress:\n  - from: [{namespaceSelector: {}}, {podSelector: {}}]\n';
    assert.strictEqual(run(spec).findings.length, 1);
  });

  it('silent when a rule with no from, or an ipBlock, admits the targetPort; when not isolated; wrong port still fires', () => {
    assert.deepStrictEqual(run(DENY_ALL + '  ingress:\n  - ports: [{port: 8443}]\n').findings, []);
    assert.deepStrictEqual(run(DENY_ALL + '  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: https}]\n').findings, []);
    assert.deepStrictEqual(run(DENY_ALL + '  ingress:\n  - {}\n').findings, []);
    assert.deepStrictEqual(run('  podSelector: {matchLabels: {app: other}}\n  policyTypes: [Ingress]\n').findings, []);
    // The Service port (443) is not what the pods receive.
    assert.strictEqual(run(DENY_ALL + '  ingress:\n  - ports: [{port: 443}]\n').findings.length, 1);
  });

  it('silent for what the workspace does not define: the Service, its port, its pods', () => {
    assert.deepStrictEqual(run(DENY_ALL, webhook('Fail').replace('hook-svc', 'elsewhere')).findings, []);
    assert.deepStrictEqual(run(DENY_ALL, webhook('Fail', ', port: 8443')).findings, []);
    const index = indexOf({ 'file:///w/service.yaml': SERVICE, [POLICY]: policy(DENY_ALL), [HOOKS]: webhook() });
    assert.deepStrictEqual(runIndexChecks(index, HOOKS).filter((f) => f.ruleId === RULE), []);
  });
});
