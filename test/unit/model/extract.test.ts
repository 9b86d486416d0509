import * as assert from 'assert';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';
import { extractObjects } from '../../../server/src/core/model/extract';
import { isNetworkPolicy, isWorkload, NetworkPolicy, Workload } from '../../../server/src/core/model/types';

function extract(text: string) {
  return extractObjects(parseYamlFile(text));
}

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-policy
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - {key: app, operator: In, values: [backend]}
      namespaceSelector: {}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
    - port: 3306
      protocol: TCP
    - port: http
      endPort: 90
`;

describe('extractObjects', () => {
  it('reads a NetworkPolicy with every field located and pathed', () => {
    const { objects, findings } = extract(POLICY);
    assert.deepStrictEqual(findings, []);
    const p = objects[0] as NetworkPolicy;
    assert.ok(isNetworkPolicy(p));
    assert.strictEqual(p.metadata.name?.value, 'db-policy');
    assert.strictEqual(POLICY.slice(p.metadata.namespace!.range.start, p.metadata.namespace!.range.end), 'shop');
    assert.strictEqual(p.podSelector?.matchLabels?.items[0].value.value, 'db');
    assert.deepStrictEqual(p.policyTypes?.items.map((t) => t.value), ['Ingress']);
    const rule = p.ingress!.items[0];
    assert.strictEqual(rule.path, 'spec.ingress[0]');
    const [peer0, peer1] = rule.peers!.items;
    assert.strictEqual(peer0.podSelector?.matchExpressions?.items[0].operator?.value, 'In');
    assert.strictEqual(peer0.podSelector?.matchExpressions?.items[0].values?.items[0].path, 'spec.ingress[0].from[0].podSelector.matchExpressions[0].values[0]');
    assert.ok(peer0.namespaceSelector && !peer0.namespaceSelector.matchLabels);
    assert.strictEqual(peer1.ipBlock?.cidr?.value, '10.0.0.0/8');
    assert.strictEqual(peer1.ipBlock?.except?.items[0].path, 'spec.ingress[0].from[1].ipBlock.except[0]');
    const ports = rule.ports!.items;
    assert.strictEqual(ports[0].port?.value, 3306);
    assert.strictEqual(ports[1].port?.value, 'http');
    assert.strictEqual(ports[1].endPort?.value, 90);
    assert.strictEqual(POLICY.slice(ports[1].endPort!.range.start, ports[1].endPort!.range.end), '90');
  });

  it('reads pod labels and container ports of every workload kind', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: backup}
        spec:
          containers:
          - name: c
            ports:
            - {containerPort: 8080, name: metrics}
            - {containerPort: 53, protocol: UDP}
---
apiVersion: v1
kind: Pod
metadata:
  name: solo
  labels:
    app: solo
status:
  podIPs: [{ip: 10.2.3.4}]
`;
    const { objects } = extract(text);
    const [cron, pod] = objects as Workload[];
    assert.ok(isWorkload(cron) && isWorkload(pod));
    assert.deepStrictEqual(cron.podLabels.map((l) => [l.key.value, l.value.value]), [['app', 'backup']]);
    assert.strictEqual(cron.podLabelsAt.path, 'spec.jobTemplate.spec.template.metadata.labels');
    assert.deepStrictEqual(cron.ports.map((p) => [p.name, p.containerPort, p.protocol]), [['metrics', 8080, 'TCP'], [undefined, 53, 'UDP']]);
    assert.strictEqual(pod.podLabelsAt.path, 'metadata.labels');
    assert.deepStrictEqual(pod.podIPs, ['10.2.3.4']);
    assert.strictEqual(pod.docIndex, 1);
  });

  it('reads List items and merge keys, and ignores other kinds quietly', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: shop, labels: {team: a}}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cfg}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      metadata:
        labels:
          <<: {tier: web}
          app: web
`;
    const { objects, findings } = extract(text);
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(objects.map((o) => [o.kind, o.metadata.name?.value, o.listIndex]), [['Namespace', 'shop', 0], ['ConfigMap', 'cfg', 1], ['Deployment', 'web', 2]]);
    assert.deepStrictEqual((objects[2] as Workload).podLabels.map((l) => `${l.key.value}=${l.value.value}`).sort(), ['app=web', 'tier=web']);
  });

  it('bounds alias expansion (billion laughs) and says so', () => {
    let text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += 'spec:\n  containers:\n' + Array.from({ length: 20 }, (_, i) => `  - &c${i} {name: c${i}, ports: [*a11]}\n`).join('');
    const started = Date.now();
    const { objects } = extract(text);
    assert.ok(Date.now() - started < 2000, 'bounded time');
    assert.strictEqual(objects.length, 1);
  });

  it('skips documents with syntax errors but keeps the rest', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n`;
    const { objects } = extract(text);
    assert.deepStrictEqual(objects.map((o) => o.metadata.name?.value), ['a', 'b']);
  });

  it('keeps the last value of a label key written twice, in the order of the values kept', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: old, tier: web, app: new}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector:
    matchLabels: {app: a, role: r, app: b, app: c}
`;
    const [pod, policy] = extract(text).objects as [Workload, NetworkPolicy];
    assert.deepStrictEqual(pod.podLabels.map((l) => [l.key.value, l.value.value, text.slice(l.value.range.start, l.value.range.end)]), [['tier', 'web', 'web'], ['app', 'new', 'new']]);
    assert.deepStrictEqual(policy.podSelector!.matchLabels!.items.map((l) => `${l.key.value}=${l.value.value}`), ['role=r', 'app=c']);
  });

  it('locates the apiVersion value of every object, List items too', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}\n---\napiVersion: "networking.k8s.io/v1"\nkind: NetworkPolicy\nmetadata: {name: p}\n';
    const { objects } = extract(text);
    assert.deepStrictEqual(objects.map((o) => text.slice(o.apiVersionRange!.start, o.apiVersionRange!.end)), ['apps/v1', '"networking.k8s.io/v1"']);
    assert.ok(isNetworkPolicy(objects[1]));
  });

  it('keeps a NetworkPolicy of another version as a plain object, not a policy', () => {
    const { objects } = extract('apiVersion: networking.k8s.io/v2\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}\n');
    assert.strictEqual(objects.length, 1);
    assert.ok(!isNetworkPolicy(objects[0]));
    assert.ok(!('podSelector' in objects[0]));
    assert.strictEqual(objects[0].metadata.name?.value, 'p');
  });
});
