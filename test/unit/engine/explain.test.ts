import * as assert from 'assert';
import { explainConnection } from '../../../server/src/core/policy/engine/explain';
import { inputFromYaml } from './helpers';
import { POLICIES, WORKLOADS } from './threeTier';

const POLICY_URI = 'file:///k8s/policies.yaml';
const input = inputFromYaml({ 'file:///k8s/workloads.yaml': WORKLOADS, [POLICY_URI]: POLICIES });
const slice = (r: { start: number; end: number }) => POLICIES.slice(r.start, r.end);

describe('engine/explain', () => {
  it('says why the frontend cannot reach the database', () => {
    const e = explainConnection(input, 'shop/frontend', 'shop/db', { port: 3306 });
    assert.strictEqual(e.allowed, false);
    assert.strictEqual(e.summary, 'denied: shop/frontend -> shop/db on TCP 3306 (ingress of shop/db)');
    assert.deepStrictEqual(
      { allowed: e.egress.allowed, isolated: e.egress.isolated, policies: e.egress.policies, reason: e.egress.reason },
      { allowed: true, isolated: false, policies: [], reason: 'egress: shop/frontend is not isolated for egress (no policy selects it), so all egress is allowed' },
    );
    assert.strictEqual(e.ingress.allowed, false);
    assert.strictEqual(e.ingress.isolated, true);
    assert.deepStrictEqual(e.ingress.policies.map((p) => [p.name, p.namespace, p.uri, slice(p.range)]), [['db-policy', 'shop', POLICY_URI, 'db-policy']]);
    assert.deepStrictEqual(e.ingress.allowedBy, []);
    assert.strictEqual(e.ingress.reason, 'ingress: shop/db is isolated for ingress by db-policy; no rule allows TCP 3306 from shop/frontend');
  });

  it('names the rules, peers and ports that let the backend in', () => {
    const e = explainConnection(input, 'shop/backend', 'shop/db', { port: 3306 });
    assert.strictEqual(e.allowed, true);
    assert.strictEqual(e.summary, 'allowed: shop/backend -> shop/db on TCP 3306');
    assert.strictEqual(e.egress.reason, 'egress: shop/backend is isolated for egress by backend-egress; spec.egress[0] of backend-egress allows TCP 3306 to shop/db');
    assert.strictEqual(e.ingress.reason, 'ingress: shop/db is isolated for ingress by db-policy; spec.ingress[0] of db-policy allows TCP 3306 from shop/backend');
    const [egressRule] = e.egress.allowedBy;
    assert.deepStrictEqual([egressRule.policy.name, egressRule.ruleIndex, egressRule.path, egressRule.uri, egressRule.peer?.path, egressRule.port?.path], ['backend-egress', 0, 'spec.egress[0]', POLICY_URI, 'spec.egress[0].to[0]', 'spec.egress[0].ports[0]']);
    assert.strictEqual(slice(egressRule.port!.range).trim(), 'port: mysql');
    const [ingressRule] = e.ingress.allowedBy;
    assert.ok(slice(ingressRule.range).startsWith('from:\n    - podSelector:'));
    assert.strictEqual(slice(ingressRule.peer!.range).trim(), 'podSelector:\n        matchLabels:\n          app: backend');
    assert.strictEqual(slice(ingressRule.port!.range).trim(), 'protocol: TCP\n      port: 3306');
  });

  it('points at near misses: the right peer on another port', () => {
    const e = explainConnection(input, 'shop/backend', 'shop/db', { port: 3307 });
    assert.strictEqual(e.ingress.reason, 'ingress: shop/db is isolated for ingress by db-policy; no rule allows TCP 3307 from shop/backend (spec.ingress[0] of db-policy matches shop/backend but allows only TCP 3306)');
    assert.strictEqual(e.summary, 'denied: shop/backend -> shop/db on TCP 3307 (egress of shop/backend and ingress of shop/db)');
  });

  it('explains addresses outside the cluster and loopback', () => {
    const e = explainConnection(input, '203.0.113.1', 'shop/db', { protocol: 'UDP', port: 53 });
    assert.deepStrictEqual([e.egress.applies, e.egress.reason], [false, 'egress: 203.0.113.1 is outside the cluster; no policy restricts its egress']);
    const out = explainConnection(input, 'shop/backend', 'outside', { protocol: 'UDP', port: 53 });
    assert.strictEqual(out.allowed, true);
    assert.strictEqual(out.egress.reason, 'egress: shop/backend is isolated for egress by backend-egress; spec.egress[1] of backend-egress allows UDP 53 to outside');
    assert.strictEqual(out.ingress.reason, 'ingress: any address outside the cluster; no policy restricts its ingress');
    const self = explainConnection(input, 'shop/db', 'shop/db', { port: 9 });
    assert.deepStrictEqual([self.allowed, self.loopback, self.summary], [true, true, 'allowed: shop/db -> itself on TCP 9 (loopback)']);
  });
});
