import * as assert from 'assert';
import { compileEngine, EndpointError, isAllowed, resolveEndpoint } from '../../../server/src/core/policy/engine/engine';
import { computeMatrix, matrixToJson } from '../../../server/src/core/policy/engine/matrix';
import { inputFromYaml } from './helpers';
import { POLICIES, WORKLOADS } from './threeTier';

const shop = () => inputFromYaml({ 'file:///k8s/workloads.yaml': WORKLOADS, 'file:///k8s/policies.yaml': POLICIES });

describe('engine: the three-tier shop', () => {
  const input = shop();

  it('answers single connections', () => {
    assert.strictEqual(isAllowed(input, 'shop/frontend', 'shop/db', { port: 3306 }), false);
    assert.strictEqual(isAllowed(input, 'shop/backend', 'shop/db', { port: 3306 }), true);
    assert.strictEqual(isAllowed(input, 'shop/backend', 'shop/db', { port: 3307 }), false);
    assert.strictEqual(isAllowed(input, 'shop/backend', 'shop/db', { protocol: 'UDP', port: 3306 }), false);
    assert.strictEqual(isAllowed(input, 'shop/frontend', 'shop/backend', { port: 8080 }), true);
    assert.strictEqual(isAllowed(input, 'shop/backend', 'shop/frontend', { port: 8080 }), false);
    assert.strictEqual(isAllowed(input, 'shop/backend', 'shop/frontend', { protocol: 'UDP', port: 53 }), true);
    assert.strictEqual(isAllowed(input, 'shop/backend', '8.8.8.8', { protocol: 'UDP', port: 53 }), true);
    assert.strictEqual(isAllowed(input, 'shop/backend', '8.8.8.8', { port: 443 }), false);
    assert.strictEqual(isAllowed(input, '203.0.113.1', 'shop/db', { port: 3306 }), false);
    assert.strictEqual(isAllowed(input, '203.0.113.1', 'shop/frontend', { port: 8080 }), true);
  });

  it('a workload reaches itself (loopback) even when isolated', () => {
    assert.strictEqual(isAllowed(input, 'shop/db', 'shop/db', { port: 1 }), true);
    assert.strictEqual(isAllowed(input, 'shop/db', 'shop/db', { port: 1 }, { sameWorkload: 'policy' }), false);
  });

  it('computes the matrix exactly, with port ranges', () => {
    const json = matrixToJson(computeMatrix(input));
    assert.deepStrictEqual(json.endpoints.map((e) => e.key), ['shop/frontend', 'shop/backend', 'shop/db', 'outside']);
    assert.deepStrictEqual(json.matrix, {
      'shop/frontend': { 'shop/frontend': 'all', 'shop/backend': 'all', 'shop/db': 'none', outside: 'all' },
      'shop/backend': { 'shop/frontend': ['TCP 53', 'UDP 53'], 'shop/backend': 'all', 'shop/db': ['TCP 3306'], outside: ['TCP 53', 'UDP 53'] },
      'shop/db': { 'shop/frontend': 'all', 'shop/backend': 'all', 'shop/db': 'all', outside: 'all' },
      outside: { 'shop/frontend': 'all', 'shop/backend': 'all', 'shop/db': 'none' },
    });
  });

  it('answers for one outside address when asked', () => {
    const m = computeMatrix(input, { outside: '10.1.2.3' });
    assert.deepStrictEqual(m.verdict('shop/backend', 'outside'), { kind: 'ports', ranges: [{ protocol: 'TCP', from: 53, to: 53 }, { protocol: 'UDP', from: 53, to: 53 }] });
    assert.throws(() => computeMatrix(input, { outside: 'nowhere' }), EndpointError);
    assert.deepStrictEqual(computeMatrix(input, { outside: false }).endpoints.map((e) => e.key), ['shop/frontend', 'shop/backend', 'shop/db']);
  });

  it('groups identical pods into one class', () => {
    const more = inputFromYaml({ 'a.yaml': WORKLOADS + '---\n' + WORKLOADS.replace(/name: (frontend|backend|db)\n/g, 'name: $1-copy\n'), 'p.yaml': POLICIES });
    const engine = compileEngine(more);
    assert.strictEqual(more.workloads.length, 6);
    assert.strictEqual(engine.classes.length, 3);
    const m = computeMatrix(engine);
    assert.deepStrictEqual(m.verdict('shop/backend-copy', 'shop/db'), { kind: 'ports', ranges: [{ protocol: 'TCP', from: 3306, to: 3306 }] });
    // Two pods of one class are two pods: the policy applies between them.
    assert.deepStrictEqual(m.verdict('shop/db-copy', 'shop/db'), { kind: 'none' });
  });
});

describe('engine: workload keys', () => {
  const input = inputFromYaml({
    'w.yaml': `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ns}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
spec: {template: {metadata: {labels: {app: web}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: solo}
`,
  });
  const engine = compileEngine(input);

  it('spells a kind when two kinds share a name, and finds workloads by id', () => {
    assert.deepStrictEqual([...engine.labels.values()], ['ns/Pod/web', 'ns/Deployment/web', 'default/solo']);
    assert.throws(() => resolveEndpoint(engine, 'ns/web'), /unknown workload or address "ns\/web"/);
    const byId = resolveEndpoint(engine, 'w.yaml#1');
    assert.ok(byId.kind === 'workload' && byId.workload.kind === 'Deployment');
    assert.strictEqual(resolveEndpoint(engine, 'default/solo').kind, 'workload');
    assert.strictEqual(resolveEndpoint(engine, '2001:db8::1').kind, 'ip');
    assert.strictEqual(resolveEndpoint(engine, 'outside').kind, 'outside');
  });
});
