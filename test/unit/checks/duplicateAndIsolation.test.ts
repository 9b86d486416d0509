// netpol/duplicate-policy (every copy, naming the others, via the per-name
// table) and netpol/workload-not-isolated (opt-in, per direction, after
// policyTypes defaulting).
import * as assert from 'assert';
import { ruleEnabler, runIndexChecks } from '../../../server/src/core/checks';
import type { Finding } from '../../../server/src/core/findings';
import { deployment, indexOf } from '../index/fixtures';

const DUP = 'netpol/duplicate-policy';
const OPEN = 'netpol/workload-not-isolated';

function policy(name: string, spec: string, namespace = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`;
}

const DENY_INGRESS = '  podSelector: {}\n  policyTypes: [Ingress]\n';

function of(ruleId: string, findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

describe('netpol/duplicate-policy', () => {
  it('reports every copy, naming the other file and line, with related information', () => {
    const index = indexOf({
      'file:///w/a.yaml': policy('deny', DENY_INGRESS),
      'file:///w/sub/b.yaml': '# copy\n' + policy('deny', DENY_INGRESS),
      'file:///w/app.yaml': deployment('api', { app: 'api' }, 'shop'),
    });
    const a = of(DUP, runIndexChecks(index, 'file:///w/a.yaml'));
    const b = of(DUP, runIndexChecks(index, 'file:///w/sub/b.yaml'));
    assert.strictEqual(a.length, 1);
    assert.strictEqual(b.length, 1);
    assert.match(a[0].message, /^NetworkPolicy shop\/deny is also defined at sub\/b\.yaml:5: /);
    assert.match(b[0].message, /is also defined at \.\.\/a\.yaml:4: /);
    assert.strictEqual(a[0].severity, 'error');
    assert.deepStrictEqual(a[0].related?.map((r) => r.uri), ['file:///w/sub/b.yaml']);
    const text = policy('deny', DENY_INGRESS);
    assert.strictEqual(text.slice(a[0].range.start, a[0].range.end), 'deny');
  });

  it('names two copies in one file and bounds the list', () => {
    const files: Record<string, string> = { 'file:///w/app.yaml': deployment('api', { app: 'api' }, 'shop') };
    files['file:///w/all.yaml'] = [policy('p', DENY_INGRESS), policy('p', DENY_INGRESS)].join('---\n');
    for (let i = 0; i < 5; i++) files[`file:///w/c${i}.yaml`] = policy('p', DENY_INGRESS);
    const found = of(DUP, runIndexChecks(indexOf(files), 'file:///w/all.yaml'));
    assert.strictEqual(found.length, 2);
    assert.match(found[0].message, /also defined at line 13, c0\.yaml:4, c1\.yaml:4 and 3 more:/);
    assert.strictEqual(found[0].related?.length, 3);
  });

  it('is silent for one name in two namespaces, and for a renamed copy after an edit', () => {
    const index = indexOf({
      'file:///w/a.yaml': policy('deny', DENY_INGRESS, 'shop'),
      'file:///w/b.yaml': policy('deny', DENY_INGRESS, 'shop'),
      'file:///w/c.yaml': policy('deny', DENY_INGRESS, 'other'),
      'file:///w/app.yaml': deployment('api', { app: 'api' }, 'shop'),
    });
    assert.deepStrictEqual(of(DUP, runIndexChecks(index, 'file:///w/c.yaml')), []);
    assert.strictEqual(of(DUP, runIndexChecks(index, 'file:///w/a.yaml')).length, 1);
    index.setFile('file:///w/b.yaml', policy('deny-2', DENY_INGRESS, 'shop'));
    assert.deepStrictEqual(of(DUP, runIndexChecks(index, 'file:///w/a.yaml')), []);
    assert.strictEqual(index.policiesNamed('shop', 'deny').size, 1);
    index.removeFile('file:///w/a.yaml');
    assert.strictEqual(index.policiesNamed('shop', 'deny').size, 0);
  });
});

describe('netpol/workload-not-isolated', () => {
  const on = ruleEnabler({ [OPEN]: 'warning' });
  const files = (policies: string) => ({
    'file:///w/app.yaml': deployment('api', { app: 'api' }, 'shop') + '---\n' + deployment('db', { app: 'db' }, 'shop'),
    'file:///w/policies.yaml': policies,
  });

  it('is off by default and runs when given a level', () => {
    const index = indexOf(files(policy('api-in', '  podSelector: {matchLabels: {app: api}}\n')));
    assert.deepStrictEqual(of(OPEN, runIndexChecks(index, 'file:///w/app.yaml')), []);
    const found = of(OPEN, runIndexChecks(index, 'file:///w/app.yaml', on));
    assert.deepStrictEqual(
      found.map((f) => f.message.split(':')[0]),
      ['Deployment shop/api is not isolated for egress', 'Deployment shop/db is not isolated for ingress and egress'],
    );
    assert.ok(found.every((f) => f.severity === 'warning'));
  });

  it('counts egress from policyTypes defaulting, and a podSelector {} policy for every workload', () => {
    const egress = policy('api-out', '  podSelector: {matchLabels: {app: api}}\n  egress:\n  - to: [{podSelector: {}}]\n');
    const deny = policy('deny-in', '  podSelector: {}\n  policyTypes: [Ingress]\n');
    const index = indexOf(files(egress + '---\n' + deny));
    const found = of(OPEN, runIndexChecks(index, 'file:///w/app.yaml', on));
    assert.deepStrictEqual(found.map((f) => f.message.split(':')[0]), ['Deployment shop/db is not isolated for egress']);
  });

  it('a policy of another namespace does not isolate, and an edit of the policies is seen', () => {
    const index = indexOf(files(policy('deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n', 'other')));
    assert.strictEqual(of(OPEN, runIndexChecks(index, 'file:///w/app.yaml', on)).length, 2);
    index.setFile('file:///w/policies.yaml', policy('deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n', 'shop'));
    assert.deepStrictEqual(of(OPEN, runIndexChecks(index, 'file:///w/app.yaml', on)), []);
  });
});
