import * as assert from 'assert';
import { compileEngine, resolveEndpoint } from '../../../server/src/core/policy/engine/engine';
import { computeMatrix } from '../../../server/src/core/policy/engine/matrix';
import { inputFromYaml } from './helpers';

function pod(name: string, ns: string, labels: Record<string, string>, ports: [string, number][] = []): string {
  const l = Object.entries(labels).map(([k, v]) => `\n    ${k}: ${v}`).join('');
  const p = ports.map(([n, c]) => `\n    - name: ${n}\n      containerPort: ${c}`).join('');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:${l}\nspec:\n  containers:\n  - name: c\n    ports:${p || ' []'}\n`;
}

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: api
    ports:
    - port: pg
`;

describe('engine classes: pods only policies can tell apart', () => {
  const workloads = [
    pod('api-1', 'shop', { app: 'api', instance: 'api-1' }, [['metrics', 9100]]),
    pod('api-2', 'shop', { app: 'api', instance: 'api-2' }, [['metrics', 9200]]),
    pod('db-1', 'shop', { app: 'db', instance: 'db-1' }, [['pg', 5432]]),
    pod('db-2', 'shop', { app: 'db', instance: 'db-2' }, [['pg', 5433]]),
    pod('web', 'shop', { app: 'web', instance: 'web' }),
    pod('cache', 'shop', { app: 'cache', instance: 'cache' }),
    pod('api-other', 'other', { app: 'api', instance: 'x' }),
  ].join('---\n');
  const input = inputFromYaml({ 'file:///w.yaml': workloads, 'file:///p.yaml': POLICY });
  const engine = compileEngine(input);
  const classOf = (name: string) => resolveEndpoint(engine, name).kind === 'workload' && engine.classOf.get(input.workloads.find((w) => w.name === name.split('/')[1])!.id)!;

  it('labels no selector reads, and ports no rule names, do not split classes', () => {
    assert.strictEqual(classOf('shop/api-1'), classOf('shop/api-2'));
    // Neither selected nor matched by anything: the same as far as policies go.
    assert.strictEqual(classOf('shop/web'), classOf('shop/cache'));
  });

  it('selection, peer matches, namespaces and named port numbers do', () => {
    assert.notStrictEqual(classOf('shop/api-1'), classOf('shop/web'));
    assert.notStrictEqual(classOf('shop/db-1'), classOf('shop/web'));
    assert.notStrictEqual(classOf('shop/db-1'), classOf('shop/db-2'));
    assert.notStrictEqual(classOf('shop/api-1'), classOf('other/api-other'));
    assert.strictEqual(engine.classes.length, 5);
  });

  it('answers per workload: own ports in endpoints, exact named port resolution', () => {
    const e1 = resolveEndpoint(engine, 'shop/api-1');
    const e2 = resolveEndpoint(engine, 'shop/api-2');
    assert.ok(e1.kind === 'workload' && e2.kind === 'workload');
    assert.strictEqual(e1.cls.index, e2.cls.index);
    assert.deepStrictEqual(e2.cls.ports.map((p) => p.containerPort), [9200]);
    assert.strictEqual(e2.cls.labels.get('instance'), 'api-2');
    const m = computeMatrix(engine);
    assert.deepStrictEqual(m.verdict('shop/api-2', 'shop/db-1'), { kind: 'ports', ranges: [{ protocol: 'TCP', from: 5432, to: 5432 }] });
    assert.deepStrictEqual(m.verdict('shop/api-1', 'shop/db-2'), { kind: 'ports', ranges: [{ protocol: 'TCP', from: 5433, to: 5433 }] });
    assert.deepStrictEqual(m.verdict('shop/web', 'shop/db-2'), { kind: 'none' });
    assert.deepStrictEqual(m.verdict('other/api-other', 'shop/db-1'), { kind: 'none' });
    assert.deepStrictEqual(m.verdict('shop/db-1', 'shop/api-2'), { kind: 'all' });
  });
});
