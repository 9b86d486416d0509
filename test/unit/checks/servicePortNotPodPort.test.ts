// netpol/service-port-not-pod-port: a rule on the Service's port where the
// pods listen on the targetPort; silent traps (targetPort listed too, pods
// listening on the port, Services of other pods, targetPort = port); the
// quick fix, verified.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import type { ServicePortFindingData } from '../../../server/src/core/checks/servicePortNotPodPort';
import { servicePortQuickFix } from '../../../server/src/core/edits/servicePortFix';
import { verifyFix } from '../../../server/src/core/edits/verifyFix';
import { applyEdits } from '../../../server/src/core/edits/text';
import { indexOf } from '../index/fixtures';
import { WEB } from './serviceFixtures';

const RULE = 'netpol/service-port-not-pod-port';
const POLICY = 'file:///w/policy.yaml';
const SERVICE = 'file:///w/service.yaml';


function service(ports: string, selector = '{app: web}'): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: ${selector}\n  ports: ${ports}\n`;
}

function policy(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n${spec}`;
}

const INGRESS_80 = '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports:\n    - port: 80\n';

function run(spec: string, svc = service('[{port: 80, targetPort: 8080}]'), extra: Record<string, string> = {}) {
  const text = policy(spec);
  const index = indexOf({ 'file:///w/web.yaml': WEB, [SERVICE]: svc, ...extra, [POLICY]: text });
  const findings = runIndexChecks(index, POLICY).filter((f) => f.ruleId === RULE);
  return { index, text, findings };
}

describe('netpol/service-port-not-pod-port', () => {
  it('fires on an ingress rule on the Service port, with the targetPort in the message and related info on the Service', () => {
    const { findings, text, index } = run(INGRESS_80);
    assert.strictEqual(findings.length, 1);
    const [f] = findings;
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(text.slice(f.range.start, f.range.end), '80');
    assert.match(f.message, /port 80 is the port of Service shop\/web, not of its pods: the Service sends it to targetPort 8080 of Deployment shop\/web/);
    assert.match(f.message, /after that translation \(DNAT\)/);
    assert.match(f.message, /Use port 8080 \(the targetPort\)/);
    const [r] = f.related!;
    assert.strictEqual(r.uri, SERVICE);
    assert.strictEqual(index.getFile(SERVICE)!.text.slice(r.range.start, r.range.end), '8080');
  });

  it('fires for egress towards the Service\'s pods, and for a named targetPort (resolved in the message)', () => {
    const egress = '  podSelector: {}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: web}}}]\n    ports:\n    - port: 80\n';
    assert.strictEqual(run(egress).findings.length, 1);
    const { findings } = run(INGRESS_80, service('[{port: 80, targetPort: http}]'));
    assert.match(findings[0].message, /targetPort "http" \(8080\)/);
    assert.strictEqual((findings[0].data as ServicePortFindingData).to, 'http');
  });

  it('silent traps: the targetPort listed too, pods listening on the port, targetPort = port, no selector, other pods, other protocol', () => {
    assert.deepStrictEqual(run(INGRESS_80 + '    - port: 8080\n').findings, []);
    assert.deepStrictEqual(run(INGRESS_80 + '    - port: http\n', service('[{port: 80, targetPort: http}]')).findings, []);
    assert.deepStrictEqual(run(INGRESS_80, service('[{port: 80}]')).findings, []);
    assert.deepStrictEqual(run(INGRESS_80, service('[{port: 80, targetPort: 8080}]', '{}')).findings, []);
    assert.deepStrictEqual(run(INGRESS_80, service('[{port: 80, targetPort: 8080}]', '{app: other}')).findings, []);
    assert.deepStrictEqual(run(INGRESS_80, service('[{port: 80, targetPort: 8080, protocol: UDP}]')).findings, []);
    assert.deepStrictEqual(run(INGRESS_80.replace('port: 80', 'port: 8080')).findings, []);
    assert.deepStrictEqual(run(INGRESS_80, service('[{port: 8080, targetPort: 80}]'), { 'file:///w/web.yaml': WEB.replace('containerPort: 8080', 'containerPort: 80') }).findings, []);
    // The policy selects other pods: the Service is not in front of them.
    assert.deepStrictEqual(run(INGRESS_80.replace('app: web', 'app: api'), undefined, { 'file:///w/api.yaml': WEB.replace(/web/g, 'api') }).findings, []);
  });

  it('the quick fix writes the targetPort in place of the port, and verifies', () => {
    for (const [svc, want] of [
      [service('[{port: 80, targetPort: 8080}]'), '8080'],
      [service('[{port: 80, targetPort: http}]'), 'http'],
    ] as const) {
      const { findings, index, text } = run(INGRESS_80, svc);
      const fix = servicePortQuickFix(index, findings[0].data as ServicePortFindingData)!;
      assert.ok(fix);
      assert.strictEqual(verifyFix(index.fullAnalysis(POLICY)!, fix, {}), undefined);
      const after = applyEdits(text, fix.edits);
      assert.strictEqual(after, text.replace('- port: 80\n', `- port: ${want}\n`));
      // The fixed policy no longer fires.
      const again = indexOf({ 'file:///w/web.yaml': WEB, [SERVICE]: svc, [POLICY]: after });
      assert.deepStrictEqual(runIndexChecks(again, POLICY).filter((f) => f.ruleId === RULE), []);
    }
  });

  it('verifyFix refuses a port edit that does something else', () => {
    const { findings, index } = run(INGRESS_80);
    const fix = servicePortQuickFix(index, findings[0].data as ServicePortFindingData)!;
    const wrong = { ...fix, edits: fix.edits.map((e) => ({ ...e, newText: '9090' })) };
    assert.match(verifyFix(index.fullAnalysis(POLICY)!, wrong, {})!, /would be 9090, not 8080/);
  });
});
