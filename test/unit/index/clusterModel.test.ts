import * as assert from 'assert';
import { buildClusterModel } from '../../../server/src/core/cluster/build';
import { clusterDnsOf, dnsWorkloadsOf } from '../../../server/src/core/cluster/queries';
import { CLUSTER_MODEL_URI } from '../../../server/src/core/cluster/types';
import { engineInputFrom } from '../../../server/src/core/index/engineInput';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { resolvePeer } from '../../../server/src/core/policy/resolve';
import { deployment, indexOf, namespaceObj } from './fixtures';

const CONFIG = 'file:///w/.netpol.yaml';
const POLICY = 'file:///w/policy.yaml';

function keys(ws: Iterable<{ namespace: string; name: string }>): string[] {
  return [...ws].map((w) => `${w.namespace}/${w.name}`).sort();
}

const DNS_EGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {port: 53, protocol: UDP}
`;

describe('WorkspaceIndex with the cluster model', () => {
  it('a new index holds the built-in model: CoreDNS in every lookup, the four namespaces, no file', () => {
    const index = new WorkspaceIndex();
    assert.deepStrictEqual(keys(index.allWorkloads()), ['kube-system/coredns']);
    assert.deepStrictEqual(keys(index.workloadsIn('kube-system').values()), ['kube-system/coredns']);
    assert.deepStrictEqual(keys(index.podLabels('kube-system').members('k8s-app', 'kube-dns')), ['kube-system/coredns']);
    assert.deepStrictEqual(index.workloadNamespaces(), ['kube-system']);
    assert.deepStrictEqual(index.namespaces().map((n) => [n.name, n.cluster, n.definitions.length]), [
      ['default', true, 0],
      ['kube-node-lease', true, 0],
      ['kube-public', true, 0],
      ['kube-system', true, 0],
    ]);
    const [dns] = index.allWorkloads();
    assert.deepStrictEqual([dns.uri, dns.cluster?.description, dns.workload.kind, dns.workload.ports.map((p) => `${p.name} ${p.protocol} ${p.containerPort}`)], [
      CLUSTER_MODEL_URI,
      'cluster DNS',
      'Deployment',
      ['dns UDP 53', 'dns-tcp TCP 53', 'metrics TCP 9153'],
    ]);
    assert.strictEqual(index.workload(dns.id), dns);
    // Nothing a file walk or a diagnostics pass would iterate.
    assert.deepStrictEqual(index.uris(), []);
    assert.strictEqual(index.fileCount, 0);
    assert.strictEqual(index.getFile(CLUSTER_MODEL_URI), undefined);
    assert.strictEqual(index.fileWorkloadCount(), 0);
    assert.strictEqual(clusterDnsOf(index)?.workloadName, 'coredns');
  });

  it('a DNS egress rule\'s peer selects the CoreDNS pods', () => {
    const index = indexOf({ 'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop'), [POLICY]: DNS_EGRESS });
    const policy = index.getFile(POLICY)!.policies[0];
    const r = resolvePeer(index, policy, policy.policy.egress!.items[0].peers!.items[0]);
    assert.deepStrictEqual([r.namespaces, keys(r.workloads)], [['kube-system'], ['kube-system/coredns']]);
    assert.strictEqual(index.fileWorkloadCount(), 1);
  });

  it('a Namespace object of the files gives the labels of a model namespace, until it goes', () => {
    const index = indexOf({ 'file:///w/ns.yaml': namespaceObj('kube-system', { tier: 'control-plane' }) });
    const info = index.namespace('kube-system')!;
    assert.deepStrictEqual([Object.fromEntries(info.labels), info.cluster, info.definitions.map((d) => d.uri)], [
      { tier: 'control-plane', 'kubernetes.io/metadata.name': 'kube-system' },
      true,
      ['file:///w/ns.yaml'],
    ]);
    assert.deepStrictEqual([...index.namespaceLabels().members('tier', 'control-plane')].map((n) => n.name), ['kube-system']);
    index.removeFile('file:///w/ns.yaml');
    assert.deepStrictEqual(Object.fromEntries(index.namespace('kube-system')!.labels), { 'kubernetes.io/metadata.name': 'kube-system' });
  });

  it('the model\'s own namespace labels apply when no Namespace object says otherwise', () => {
    const index = new WorkspaceIndex({ clusterModel: buildClusterModel({ extraNamespaces: [{ name: 'monitoring', labels: { team: 'sre' } }] }) });
    assert.deepStrictEqual([...index.namespaceLabels().members('team', 'sre')].map((n) => n.name), ['monitoring']);
    index.setFile('file:///w/ns.yaml', namespaceObj('monitoring', { team: 'obs' }));
    assert.deepStrictEqual([...index.namespaceLabels().members('team', 'sre')].map((n) => n.name), []);
    assert.strictEqual(index.namespace('monitoring')!.labels.get('team'), 'obs');
  });

  it('opting out: clusterModel false holds nothing besides the files', () => {
    const index = new WorkspaceIndex({ clusterModel: false });
    assert.deepStrictEqual(index.allWorkloads(), []);
    assert.deepStrictEqual(index.namespaces().map((n) => n.name), ['default']);
    assert.strictEqual(index.namespace('default')!.cluster, undefined);
    assert.strictEqual(clusterDnsOf(index), undefined);
  });

  it('setClusterModel replaces the model: tables follow, declared workloads carry the config uri', () => {
    const index = indexOf({ 'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop') });
    const v = index.version;
    index.setClusterModel(buildClusterModel({ dns: 'openshift', workloads: [{ name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } }] }), CONFIG);
    assert.ok(index.version > v);
    assert.deepStrictEqual(keys(index.allWorkloads()), ['monitoring/prometheus', 'openshift-dns/dns-default', 'shop/api']);
    assert.strictEqual(index.workloadCountIn('kube-system'), 0);
    assert.ok(index.podLabels('kube-system').isEmpty);
    assert.deepStrictEqual(index.clusterWorkloads().map((w) => [w.name, w.uri, w.cluster?.description, w.cluster?.configPath]), [
      ['dns-default', CLUSTER_MODEL_URI, 'cluster DNS', undefined],
      ['prometheus', CONFIG, 'declared in .netpol.yaml', ['cluster', 'workloads', 0]],
    ]);
    assert.ok(index.namespace('monitoring')?.cluster);
    assert.ok(index.namespace('openshift-dns')?.cluster);
    assert.deepStrictEqual(index.uris(), ['file:///w/api.yaml']);
    assert.deepStrictEqual(keys(dnsWorkloadsOf(index)), ['openshift-dns/dns-default']);
    index.setClusterModel(buildClusterModel());
    assert.deepStrictEqual(keys(index.allWorkloads()), ['kube-system/coredns', 'shop/api']);
    assert.strictEqual(index.namespace('monitoring'), undefined);
  });

  it('a workload of the files with the model\'s namespace and name replaces it, and brings it back when it goes', () => {
    const index = indexOf({ 'file:///w/coredns.yaml': deployment('coredns', { 'k8s-app': 'kube-dns', extra: 'x' }, 'kube-system') });
    const inTables = () => index.allWorkloads().map((w) => [w.name, w.uri]);
    assert.deepStrictEqual(inTables(), [['coredns', 'file:///w/coredns.yaml']]);
    assert.deepStrictEqual(index.clusterWorkloads(), []);
    assert.deepStrictEqual(keys(dnsWorkloadsOf(index)), ['kube-system/coredns'], 'the files\' CoreDNS serves DNS');
    index.setFile('file:///w/coredns2.yaml', deployment('coredns', { 'k8s-app': 'kube-dns' }, 'kube-system'));
    index.removeFile('file:///w/coredns.yaml');
    assert.deepStrictEqual(inTables(), [['coredns', 'file:///w/coredns2.yaml']]);
    index.removeFile('file:///w/coredns2.yaml');
    assert.deepStrictEqual(inTables(), [['coredns', CLUSTER_MODEL_URI]]);
    assert.deepStrictEqual(keys(index.podLabels('kube-system').members('k8s-app', 'kube-dns')), ['kube-system/coredns']);
    // Replaced at setClusterModel time too.
    index.setFile('file:///w/coredns.yaml', deployment('coredns', { 'k8s-app': 'kube-dns' }, 'kube-system'));
    index.setClusterModel(buildClusterModel());
    assert.deepStrictEqual(inTables(), [['coredns', 'file:///w/coredns.yaml']]);
  });

  it('takes a hand-made model with parts left out', () => {
    const index = new WorkspaceIndex({ clusterModel: { namespaces: [{ name: 'x' }], workloads: [{ name: 'w', namespace: 'y' } as never] } });
    assert.deepStrictEqual(index.namespaces().map((n) => [n.name, Object.fromEntries(n.labels)]), [
      ['default', { 'kubernetes.io/metadata.name': 'default' }],
      ['x', { 'kubernetes.io/metadata.name': 'x' }],
      ['y', { 'kubernetes.io/metadata.name': 'y' }],
    ]);
    assert.deepStrictEqual(index.allWorkloads().map((w) => [w.workload.kind, w.name, w.labels.size, w.cluster?.description]), [['Deployment', 'w', 0, 'cluster model']]);
  });

  it('feeds the engine every cluster workload, or only the referenced ones', () => {
    const api = { 'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop') };
    const index = indexOf(api);
    index.setClusterModel(buildClusterModel({ workloads: [{ name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } }] }), CONFIG);
    const names = (i: WorkspaceIndex, o?: Parameters<typeof engineInputFrom>[1]) => engineInputFrom(i, o).workloads.map((w) => `${w.namespace}/${w.name}`);
    assert.deepStrictEqual(names(index), ['kube-system/coredns', 'monitoring/prometheus', 'shop/api']);
    // Declared: always; DNS: not named by any selector.
    assert.deepStrictEqual(names(index, { clusterWorkloads: 'referenced' }), ['monitoring/prometheus', 'shop/api']);
    index.setFile(POLICY, DNS_EGRESS);
    assert.deepStrictEqual(names(index, { clusterWorkloads: 'referenced' }), ['kube-system/coredns', 'monitoring/prometheus', 'shop/api']);
    const input = engineInputFrom(index);
    assert.ok(input.namespaces.some((n) => n.name === 'kube-public'));
    assert.strictEqual(input.workloads[0].uri, CLUSTER_MODEL_URI);
  });

  it('"every pod everywhere" is no reference to the DNS pods; a policy of kube-system is', () => {
    const peer = (to: string) => DNS_EGRESS.replace(/  - to:\n[\s\S]*?    ports:/, `  - to:\n${to}    ports:`);
    const referenced = (text: string) => engineInputFrom(indexOf({ [POLICY]: text }), { clusterWorkloads: 'referenced' }).workloads.map((w) => w.name);
    assert.deepStrictEqual(referenced(peer('    - namespaceSelector: {}\n')), []);
    assert.deepStrictEqual(referenced(peer('    - namespaceSelector: {}\n      podSelector: {}\n')), []);
    assert.deepStrictEqual(referenced(peer('    - namespaceSelector: {}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n')), ['coredns']);
    assert.deepStrictEqual(referenced(peer('    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n')), ['coredns']);
    assert.deepStrictEqual(referenced(peer('    - ipBlock: {cidr: 10.0.0.0/8}\n')), []);
    const own = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns, namespace: kube-system}\nspec:\n  podSelector: {}\n';
    assert.deepStrictEqual(referenced(own), ['coredns']);
  });
});
