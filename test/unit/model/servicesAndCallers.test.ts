// The model the Service, webhook and host-network lints need: Services
// (selector, ports, targetPort defaulting), webhook configurations and
// APIServices (the Service they call, port 443 by default), hostNetwork and
// sidecar ports; wrong-typed fields are absent, never errors. Then the
// index's tables, kept up to date on edits, and the worker transfer.
import * as assert from 'assert';
import { serialize, deserialize } from 'v8';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';
import { extractObjects } from '../../../server/src/core/model/extract';
import { isService, isServiceCaller, isWorkload, K8sObject, Service, ServiceCaller, Workload } from '../../../server/src/core/model/types';
import { analyzeText } from '../../../server/src/core/analyze';
import { encodeAnalysis, decodeAnalysis } from '../../../server/src/lsp/analysisTransfer';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';

function objects(text: string): K8sObject[] {
  const { objects, findings } = extractObjects(parseYamlFile(text));
  assert.deepStrictEqual(findings, []);
  return objects;
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - port: 443
    targetPort: https
    protocol: TCP
  - port: 53
    protocol: UDP
  - port: "bad"
`;

const WEBHOOK = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: policy-hooks
webhooks:
- name: validate.example.com
  failurePolicy: Ignore
  clientConfig:
    service:
      namespace: hooks
      name: hook-svc
      port: 8443
- name: default-port.example.com
  clientConfig:
    service: {namespace: hooks, name: hook-svc}
- name: by-url.example.com
  clientConfig:
    url: https://example.com/hook
`;

const API_SERVICE = `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
spec:
  group: metrics.k8s.io
  service:
    namespace: kube-system
    name: metrics-server
`;

const HOST_POD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    metadata:
      labels: {app: agent}
    spec:
      hostNetwork: true
      initContainers:
      - name: setup
        ports: [{name: setup, containerPort: 1}]
      - name: proxy
        restartPolicy: Always
        ports: [{name: proxy, containerPort: 15001}]
      containers:
      - name: main
        ports: [{name: metrics, containerPort: 9090, protocol: UDP}]
`;

describe('model: Services, webhook callers, hostNetwork, sidecars', () => {
  it('reads a Service: selector, ports, targetPort by number or name, defaults', () => {
    const [s] = objects(SERVICE) as Service[];
    assert.ok(isService(s));
    assert.deepStrictEqual(s.selector?.items.map((e) => [e.key.value, e.value.value]), [['app', 'web']]);
    assert.deepStrictEqual(
      s.ports.map((p) => [p.name, p.port.value, p.targetPort.value, p.protocol]),
      [
        ['http', 80, 8080, 'TCP'],
        [undefined, 443, 'https', 'TCP'],
        // targetPort defaults to port.
        [undefined, 53, 53, 'UDP'],
      ],
    );
    assert.strictEqual(SERVICE.slice(s.ports[0].targetPort.range.start, s.ports[0].targetPort.range.end), '8080');
    assert.strictEqual(s.ports[1].targetPort.path, 'spec.ports[1].targetPort');
  });

  it('a Service without selector, or with an empty one, selects nothing; wrong types are absent', () => {
    const [none, empty, wrong] = objects(
      ['spec: {ports: [{port: 80}]}', 'spec: {selector: {}, ports: [{port: 80}]}', 'spec: {selector: [a], ports: {port: 80}}']
        .map((spec) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\n${spec}\n`)
        .join('---\n'),
    ) as Service[];
    assert.strictEqual(none.selector, undefined);
    assert.strictEqual(empty.selector, undefined);
    assert.strictEqual(wrong.selector, undefined);
    assert.deepStrictEqual(wrong.ports, []);
    assert.ok(isService(wrong));
  });

  it('a Service of another API group (Knative) is a plain object', () => {
    const [o] = objects('apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s}\nspec: {}\n');
    assert.ok(!isService(o));
  });

  it('reads webhook configurations: each service call with port (default 443) and failurePolicy (default Fail); url webhooks call no Service', () => {
    const [c] = objects(WEBHOOK) as ServiceCaller[];
    assert.ok(isServiceCaller(c));
    assert.deepStrictEqual(
      c.calls.map((x) => [x.name, x.service.namespace, x.service.name, x.service.port, x.failurePolicy, x.service.path]),
      [
        ['validate.example.com', 'hooks', 'hook-svc', 8443, 'Ignore', 'webhooks[0].clientConfig.service'],
        ['default-port.example.com', 'hooks', 'hook-svc', 443, 'Fail', 'webhooks[1].clientConfig.service'],
      ],
    );
    assert.strictEqual(WEBHOOK.slice(c.calls[1].service.range.start, c.calls[1].service.range.end), '{namespace: hooks, name: hook-svc}');
    assert.strictEqual(WEBHOOK.slice(c.calls[0].service.keyRange.start, c.calls[0].service.keyRange.end), 'service');
    const [m] = objects(WEBHOOK.replace('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration')) as ServiceCaller[];
    assert.strictEqual(m.calls.length, 2);
    // v1beta1 is gone since 1.22: not read.
    const [old] = objects(WEBHOOK.replace('admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'));
    assert.ok(!isServiceCaller(old));
  });

  it('reads an APIService: spec.service with port 443; a local one calls nothing', () => {
    const [a] = objects(API_SERVICE) as ServiceCaller[];
    assert.deepStrictEqual(
      a.calls.map((x) => [x.service.namespace, x.service.name, x.service.port, x.failurePolicy]),
      [['kube-system', 'metrics-server', 443, undefined]],
    );
    const [local] = objects('apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.apps}\nspec: {group: apps}\n') as ServiceCaller[];
    assert.deepStrictEqual(local.calls, []);
    const [wrong] = objects('apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks: [{clientConfig: {service: {namespace: 1, name: x}}}, 3, {clientConfig: []}]\n') as ServiceCaller[];
    assert.deepStrictEqual(wrong.calls, []);
  });

  it('reads hostNetwork: true, and sidecar ports (restartable init containers) but not plain init containers', () => {
    const [w] = objects(HOST_POD) as Workload[];
    assert.ok(isWorkload(w));
    assert.strictEqual(HOST_POD.slice(w.hostNetwork!.keyRange.start, w.hostNetwork!.range.end), 'hostNetwork: true');
    assert.strictEqual(w.hostNetwork!.path, 'spec.template.spec.hostNetwork');
    assert.deepStrictEqual(
      w.ports.map((p) => [p.name, p.containerPort, p.protocol, p.sidecar ?? false]),
      [
        ['metrics', 9090, 'UDP', false],
        ['proxy', 15001, 'TCP', true],
      ],
    );
    const [off, text] = objects(HOST_POD.replace('hostNetwork: true', 'hostNetwork: false') + '---\n' + HOST_POD.replace('hostNetwork: true', 'hostNetwork: "true"')) as Workload[];
    assert.strictEqual(off.hostNetwork, undefined);
    assert.strictEqual(text.hostNetwork, undefined);
  });

  it('the engine resolves a named port defined only by a sidecar', async () => {
    const { engineInputFromObjects, isAllowed } = await import('../../../server/src/core/policy/engine');
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {matchLabels: {app: agent}}
  ingress:
  - ports: [{port: proxy}]
`;
    const all = [...objects(HOST_POD), ...objects(policy)].map((object) => ({ object, uri: 'file:///a.yaml' }));
    const input = engineInputFromObjects(all);
    assert.strictEqual(isAllowed(input, 'outside', 'default/agent', { port: 15001 }), true);
    assert.strictEqual(isAllowed(input, 'outside', 'default/agent', { port: 1 }), false);
  });

  it('the worker transfer carries Services, callers and hostNetwork', async () => {
    const text = [SERVICE, WEBHOOK, HOST_POD].join('---\n');
    const reply = deserialize(serialize(encodeAnalysis(1, analyzeText(text))));
    const decoded = (await decodeAnalysis(text, reply, async () => undefined, () => false))!;
    const [s, c, w] = decoded.objects;
    assert.ok(isService(s) && isServiceCaller(c) && isWorkload(w));
    assert.strictEqual((s as Service).ports[1].targetPort.value, 'https');
    assert.strictEqual((c as ServiceCaller).calls[0].service.port, 8443);
    assert.ok((w as Workload).hostNetwork);
    // And the index takes the decoded analysis like its own.
    const index = new WorkspaceIndex({ clusterModel: false });
    index.setFileAnalysed('file:///x.yaml', text, {}, decoded);
    assert.strictEqual(index.getFile('file:///x.yaml')!.services.length, 1);
    assert.strictEqual(index.getFile('file:///x.yaml')!.callers.length, 1);
    assert.ok(index.getFile('file:///x.yaml')!.workloads[0].workload.hostNetwork);
  });
});

describe('index: Services and port names per namespace', () => {
  it('looks Services up by namespace and port, and workloads by port name; edits and removals update both', () => {
    const index = new WorkspaceIndex({ clusterModel: false });
    index.setFile('file:///svc.yaml', SERVICE);
    index.setFile('file:///ds.yaml', HOST_POD);
    index.setFile('file:///hooks.yaml', WEBHOOK);
    assert.deepStrictEqual([...index.servicesWithPort('shop', 80)].map((s) => s.name), ['web']);
    assert.deepStrictEqual([...index.servicesWithPort('shop', 8080)], []);
    assert.deepStrictEqual([...index.servicesIn('shop').values()].map((s) => [s.name, [...(s.selector ?? [])]]), [['web', [['app', 'web']]]]);
    assert.deepStrictEqual([...index.workloadsWithPortName('default', 'proxy')].map((w) => w.name), ['agent']);
    assert.deepStrictEqual([...index.workloadsWithPortName('default', 'setup')], []);
    assert.deepStrictEqual(index.namespacesWithPortName('metrics'), ['default']);
    assert.deepStrictEqual(index.getFile('file:///hooks.yaml')!.callers.map((c) => c.name), ['policy-hooks']);
    // A webhook configuration is cluster-scoped: it adds no namespace.
    assert.ok(!index.namespaces().some((n) => n.name === 'hooks'));

    index.setFile('file:///svc.yaml', SERVICE.replace('port: 80\n', 'port: 81\n').replace('namespace: shop', 'namespace: other'));
    assert.deepStrictEqual([...index.servicesWithPort('shop', 80)], []);
    assert.deepStrictEqual([...index.servicesIn('shop').values()], []);
    assert.deepStrictEqual([...index.servicesWithPort('other', 81)].map((s) => s.name), ['web']);
    index.setFile('file:///ds.yaml', HOST_POD.replace('name: proxy\n        restartPolicy: Always', 'name: proxy'));
    assert.deepStrictEqual([...index.workloadsWithPortName('default', 'proxy')], []);
    assert.deepStrictEqual([...index.workloadsWithPortName('default', 'metrics')].map((w) => w.name), ['agent']);
    index.removeFile('file:///ds.yaml');
    index.removeFile('file:///svc.yaml');
    assert.deepStrictEqual(index.namespacesWithPortName('metrics'), []);
    assert.deepStrictEqual([...index.servicesWithPort('other', 81)], []);
  });

  it('the cluster model\'s DNS pods have their named ports in the table', () => {
    const index = new WorkspaceIndex();
    assert.deepStrictEqual([...index.workloadsWithPortName('kube-system', 'dns')].map((w) => w.name), ['coredns']);
  });
});
