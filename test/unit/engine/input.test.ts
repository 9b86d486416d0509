import * as assert from 'assert';
import { inputFromYaml } from './helpers';

describe('engine/input: engineInputFromObjects', () => {
  const input = inputFromYaml(
    {
      'a.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: web, kubernetes.io/metadata.name: wrong}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop, labels: {app: a, app: b}}
spec:
  containers:
  - name: c
    ports: [{containerPort: 80, name: http}]
status:
  podIPs: [{ip: 10.0.0.1}, {ip: "fd00::1"}]
`,
      'b.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec: {podSelector: {}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: elsewhere}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: shop}
spec: {template: {metadata: {labels: {app: d}}}}
`,
    },
    'fallback',
  );

  it('lists defined and named namespaces, each with kubernetes.io/metadata.name', () => {
    const byName = new Map(input.namespaces.map((n) => [n.name, Object.fromEntries(n.labels)]));
    assert.deepStrictEqual(Object.fromEntries(byName), {
      shop: { team: 'web', 'kubernetes.io/metadata.name': 'shop' },
      fallback: { 'kubernetes.io/metadata.name': 'fallback' },
      elsewhere: { 'kubernetes.io/metadata.name': 'elsewhere' },
    });
  });

  it('gives workloads ids by file position, labels (last wins), ports and IPs', () => {
    assert.deepStrictEqual(
      input.workloads.map((w) => [w.id, w.kind, w.namespace, w.name, Object.fromEntries(w.labels), w.ports.map((p) => [p.name, p.containerPort, p.protocol]), w.podIPs]),
      [
        ['a.yaml#1', 'Pod', 'shop', 'p', { app: 'b' }, [['http', 80, 'TCP']], ['10.0.0.1', 'fd00::1']],
        ['b.yaml#2', 'Deployment', 'shop', 'd', { app: 'd' }, [], []],
      ],
    );
  });

  it('puts policies without a namespace in the default namespace', () => {
    assert.deepStrictEqual(input.policies.map((p) => [p.policy.metadata.name?.value, p.namespace, p.uri]), [['np', 'fallback', 'b.yaml']]);
  });
});
