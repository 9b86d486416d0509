// Lists as `kubectl get -o yaml` prints them: typed lists whose items carry
// no kind or apiVersion, plain `List`s, lists inside lists, and the fields a
// live object carries (status, managedFields...) that must not be findings.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { isNetworkPolicy, isWorkload, Workload } from '../../../server/src/core/model/types';
import { computeMatrix } from '../../../server/src/core/policy/engine';
import { inputFromYaml } from '../engine/helpers';

function analyze(text: string) {
  return analyzeText(text, { path: 'dump.yaml' });
}

const POD_LIST = `apiVersion: v1
kind: PodList
metadata: {resourceVersion: "123"}
items:
- metadata:
    name: web-1
    namespace: shop
    labels: {app: web}
  spec:
    containers: [{name: c, image: nginx}]
- metadata:
    name: db-1
    namespace: shop
    labels: {app: db}
  spec:
    containers: [{name: c, image: mysql}]
`;

describe('Lists', () => {
  it('items of a PodList without kind and apiVersion are Pods of v1, with their labels', () => {
    const { objects, findings } = analyze(POD_LIST);
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(objects.map((o) => [o.kind, o.apiVersion, o.metadata.name?.value, o.listIndex]), [['Pod', 'v1', 'web-1', 0], ['Pod', 'v1', 'db-1', 1]]);
    assert.ok(objects.every(isWorkload));
    assert.deepStrictEqual((objects[1] as Workload).podLabels.map((l) => `${l.key.value}=${l.value.value}`), ['app=db']);
    // Object-level anchors are inside the item, not on the list's `kind:`.
    const secondItem = POD_LIST.indexOf('- metadata:\n    name: db-1');
    assert.ok(objects[1].kindRange.start > secondItem, 'kindRange inside the item');
    assert.strictEqual(POD_LIST.slice(objects[1].kindRange.start, objects[1].kindRange.end), 'metadata');
  });

  it('items of a NetworkPolicyList are validated, findings inside the item', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
- metadata: {name: ok, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Ingress]}
- metadata: {name: bad, namespace: shop}
  spec:
    podSelector: {}
    ingress:
    - ports: [{port: 70000}]
`;
    const { objects, findings } = analyze(text);
    assert.deepStrictEqual(objects.map((o) => [o.kind, isNetworkPolicy(o), o.metadata.name?.value]), [['NetworkPolicy', true, 'ok'], ['NetworkPolicy', true, 'bad']]);
    assert.ok(findings.length > 0, 'the bad port is reported');
    for (const f of findings) assert.strictEqual(text.slice(f.range.start, f.range.end), '70000', `${f.ruleId} ${f.message}`);
  });

  it('an item that names its own kind and apiVersion keeps them', () => {
    const text = 'apiVersion: v1\nkind: PodList\nitems:\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}\n- {metadata: {name: p}}\n';
    const { objects } = analyze(text);
    assert.deepStrictEqual(objects.map((o) => [o.kind, o.apiVersion]), [['Deployment', 'apps/v1'], ['Pod', 'v1']]);
  });

  it('reads lists inside a List, numbering items across them', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: NamespaceList
  items:
  - metadata: {name: shop, labels: {team: a}}
- apiVersion: v1
  kind: List
  items:
  - apiVersion: apps/v1
    kind: DeploymentList
    items:
    - metadata: {name: web, namespace: shop}
      spec: {template: {metadata: {labels: {app: web}}}}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}}
`;
    const { objects, findings } = analyze(text);
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(objects.map((o) => [o.kind, o.apiVersion, o.metadata.name?.value, o.listIndex]), [
      ['Namespace', 'v1', 'shop', 0],
      ['Deployment', 'apps/v1', 'web', 1],
      ['ConfigMap', 'v1', 'cfg', 2],
    ]);
    assert.deepStrictEqual((objects[1] as Workload).podLabels.map((l) => l.key.value), ['app']);
  });

  it('a plain List item without kind or apiVersion is reported in kubectl\'s words and not read', () => {
    // kubectl refuses it ("Object 'Kind' is missing"); a List says nothing of its items' kind.
    const text = 'apiVersion: v1\nkind: List\nitems:\n- {metadata: {name: nokind}}\n- {kind: Pod, metadata: {name: noversion}}\n- {apiVersion: v1, kind: Pod, metadata: {name: ok}}\n';
    const { objects, findings } = analyze(text);
    assert.deepStrictEqual(
      findings.map((f) => [f.ruleId, f.severity, text.slice(f.range.start, f.range.end), f.message.split(':')[0]]),
      [
        ['netpol/list-item-missing-kind', 'error', 'metadata', "Object 'Kind' is missing in items[0] of this List"],
        ['netpol/list-item-missing-kind', 'error', 'kind', "Object 'apiVersion' is missing in items[1] of this List"],
      ],
    );
    assert.match(findings[0].message, /each item must say its own \(kind: Pod\); kubectl refuses the whole list/);
    assert.deepStrictEqual(objects.map((o) => o.metadata.name?.value), ['ok']);
  });

  it('a typed list item without kind is no finding: it takes the list\'s', () => {
    assert.deepStrictEqual(analyze(POD_LIST).findings, []);
  });

  it('a NetworkPolicy from a live cluster (status, managedFields, last-applied...) has no findings', () => {
    const text = `apiVersion: v1
kind: List
metadata: {resourceVersion: ""}
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"annotations":{},"name":"db","namespace":"shop"},"spec":{"podSelector":{}}}
    creationTimestamp: "2026-11-30T10:00:00Z"
    generation: 3
    managedFields:
    - apiVersion: networking.k8s.io/v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:annotations:
            .: {}
            f:kubectl.kubernetes.io/last-applied-configuration: {}
        f:spec:
          f:podSelector: {}
          f:policyTypes: {}
      manager: kubectl-client-side-apply
      operation: Update
      time: "2026-11-30T10:00:00Z"
    name: db
    namespace: shop
    resourceVersion: "4711"
    selfLink: /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/db
    uid: 0b6f3c4e-2a7b-4c1e-9d55-3f2a1b0c9e8d
  spec:
    podSelector: {}
    policyTypes:
    - Ingress
  status: {}
`;
    const { objects, findings } = analyze(text);
    assert.strictEqual(objects.length, 1);
    assert.ok(isNetworkPolicy(objects[0]));
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId} ${f.message}`), []);
  });

  it('pod IPs of a live PodList are matched by ipBlock peers', () => {
    const pods = `apiVersion: v1
kind: PodList
items:
- metadata: {name: client, namespace: ns, labels: {app: client}}
  spec: {containers: [{name: c, image: x}]}
  status: {phase: Running, podIP: 10.0.0.5, podIPs: [{ip: 10.0.0.5}]}
- metadata: {name: server, namespace: ns, labels: {app: server}}
  spec: {containers: [{name: c, image: x}]}
  status:
    phase: Running
    podIPs:
    - ip: 10.0.1.7
`;
    const policy = (cidr: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ns}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: ${cidr}}}]}]
`;
    const verdict = (cidr: string) => computeMatrix(inputFromYaml({ 'pods.yaml': pods, 'p.yaml': policy(cidr) }), { outside: false }).verdict('ns/client', 'ns/server').kind;
    assert.strictEqual(verdict('10.0.1.7/32'), 'all');
    assert.strictEqual(verdict('10.0.1.8/32'), 'none');
  });
});
