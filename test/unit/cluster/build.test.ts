import * as assert from 'assert';
import { buildClusterModel, DECLARED_DESCRIPTION, DNS_DESCRIPTION } from '../../../server/src/core/cluster/build';
import { DNS_PRESETS, isDnsPreset } from '../../../server/src/core/cluster/presets';
import type { ClusterConfig, ClusterModel } from '../../../server/src/core/cluster/types';

const NAME = 'kubernetes.io/metadata.name';

function namespaces(m: ClusterModel): [string, Record<string, string>][] {
  return m.namespaces.map((n) => [n.name, n.labels ?? {}]);
}

function workloads(m: ClusterModel): string[] {
  return m.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name} ${JSON.stringify(w.labels)} (${w.description})`);
}

describe('cluster model: defaults and presets', () => {
  it('has the four namespaces every cluster has, each with its name label, and CoreDNS', () => {
    const m = buildClusterModel();
    assert.deepStrictEqual(namespaces(m), [
      ['default', { [NAME]: 'default' }],
      ['kube-system', { [NAME]: 'kube-system' }],
      ['kube-public', { [NAME]: 'kube-public' }],
      ['kube-node-lease', { [NAME]: 'kube-node-lease' }],
    ]);
    assert.deepStrictEqual(workloads(m), ['Deployment kube-system/coredns {"k8s-app":"kube-dns"} (cluster DNS)']);
    assert.deepStrictEqual(m.workloads[0].ports, [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ]);
    assert.strictEqual(m.dns?.namespace, 'kube-system');
    assert.strictEqual(m.dns?.ip, undefined);
    assert.deepStrictEqual(buildClusterModel({}), m, 'an empty config is the default');
  });

  it('openshift: the dns-default DaemonSet in openshift-dns on 5353, and that namespace exists', () => {
    const m = buildClusterModel({ dns: 'openshift' });
    assert.deepStrictEqual(workloads(m), ['DaemonSet openshift-dns/dns-default {"dns.operator.openshift.io/daemonset-dns":"default"} (cluster DNS)']);
    assert.deepStrictEqual(
      m.workloads[0].ports?.filter((p) => p.name?.startsWith('dns')),
      [
        { name: 'dns', port: 5353, protocol: 'UDP' },
        { name: 'dns-tcp', port: 5353, protocol: 'TCP' },
      ],
    );
    assert.deepStrictEqual(namespaces(m).map(([n]) => n), ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'openshift-dns']);
    assert.deepStrictEqual(namespaces(m)[4][1], { [NAME]: 'openshift-dns' });
  });

  it('nodelocal: the CoreDNS pods plus the link-local address', () => {
    const m = buildClusterModel({ dns: 'nodelocal' });
    assert.strictEqual(m.dns?.ip, '169.254.20.10');
    assert.deepStrictEqual(workloads(m), workloads(buildClusterModel()));
  });

  it('none: no DNS pods, the namespaces stay', () => {
    const m = buildClusterModel({ dns: 'none' });
    assert.strictEqual(m.dns, undefined);
    assert.deepStrictEqual(m.workloads, []);
    assert.strictEqual(m.namespaces.length, 4);
  });

  it('a full DNS description replaces the preset, with defaults for what it leaves out', () => {
    const m = buildClusterModel({ dns: { namespace: 'dns', labels: { app: 'unbound' }, ports: [{ port: 53, protocol: 'udp' }], workloadName: 'unbound' } });
    assert.deepStrictEqual(workloads(m), ['Deployment dns/unbound {"app":"unbound"} (cluster DNS)']);
    assert.deepStrictEqual(m.workloads[0].ports, [{ port: 53, protocol: 'UDP' }]);
    assert.deepStrictEqual(m.workloads[0].configPath, ['cluster', 'dns']);
    assert.ok(m.namespaces.some((n) => n.name === 'dns'));
  });

  it('presets are copies: changing a model does not change the next one', () => {
    const m = buildClusterModel();
    m.workloads[0].labels['k8s-app'] = 'changed';
    m.dns!.ports.pop();
    assert.strictEqual(buildClusterModel().workloads[0].labels['k8s-app'], 'kube-dns');
    assert.strictEqual(DNS_PRESETS.coredns.ports.length, 3);
  });

  it('knows its preset names', () => {
    assert.deepStrictEqual(['coredns', 'openshift', 'nodelocal', 'none', 'kube-dns', 42].map(isDnsPreset), [true, true, true, true, false, false]);
  });
});

describe('cluster model: overrides from the config', () => {
  it('user workloads: default kind Deployment and description, their namespaces exist', () => {
    const m = buildClusterModel({
      workloads: [
        { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [{ name: 'http', port: 80 }] },
        { name: 'prometheus', namespace: 'monitoring', kind: 'StatefulSet', labels: { app: 'prometheus' }, description: 'Prometheus (infra repo)' },
      ],
    });
    assert.deepStrictEqual(workloads(m), [
      'Deployment kube-system/coredns {"k8s-app":"kube-dns"} (cluster DNS)',
      `Deployment ingress-nginx/ingress-nginx-controller {"app.kubernetes.io/name":"ingress-nginx"} (${DECLARED_DESCRIPTION})`,
      'StatefulSet monitoring/prometheus {"app":"prometheus"} (Prometheus (infra repo))',
    ]);
    assert.deepStrictEqual(m.workloads[1].ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
    assert.deepStrictEqual(m.workloads.map((w) => w.configPath), [undefined, ['cluster', 'workloads', 0], ['cluster', 'workloads', 1]]);
    assert.deepStrictEqual(namespaces(m).slice(4), [
      ['ingress-nginx', { [NAME]: 'ingress-nginx' }],
      ['monitoring', { [NAME]: 'monitoring' }],
    ]);
    assert.strictEqual(DNS_DESCRIPTION, 'cluster DNS');
  });

  it('namespaces replaces the built-in list, extraNamespaces adds to it and merges labels; the name label always wins', () => {
    const replaced = buildClusterModel({ namespaces: [{ name: 'prod', labels: { env: 'prod' } }], dns: 'none' });
    assert.deepStrictEqual(namespaces(replaced), [['prod', { env: 'prod', [NAME]: 'prod' }]]);
    const extra = buildClusterModel({ extraNamespaces: [{ name: 'kube-system', labels: { tier: 'control', [NAME]: 'wrong' } }, { name: 'team-a' }] });
    assert.deepStrictEqual(namespaces(extra).map(([n]) => n), ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'team-a']);
    assert.deepStrictEqual(namespaces(extra)[1][1], { tier: 'control', [NAME]: 'kube-system' });
  });

  it('leaves out entries of the wrong shape instead of throwing', () => {
    const hostile = {
      namespaces: 'kube-system',
      extraNamespaces: [null, 7, { labels: {} }, { name: '' }, { name: 'ok', labels: ['x'] }],
      dns: 12,
      workloads: [null, 'x', { name: 'no-namespace' }, { namespace: 'no-name' }, { name: 'w', namespace: 'n', labels: { a: 1, b: true, c: { d: 1 }, e: null }, ports: [{ port: 0 }, { port: 70000 }, { port: 1.5 }, 'x', { port: 8080, name: 7 }] }],
    } as unknown as ClusterConfig;
    const m = buildClusterModel(hostile);
    assert.deepStrictEqual(namespaces(m).map(([n]) => n), ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'ok', 'n']);
    assert.deepStrictEqual(workloads(m), ['Deployment kube-system/coredns {"k8s-app":"kube-dns"} (cluster DNS)', `Deployment n/w {"a":"1","b":"true"} (${DECLARED_DESCRIPTION})`]);
    assert.deepStrictEqual(m.workloads[1].ports, [{ port: 8080, protocol: 'TCP' }]);
    assert.deepStrictEqual(buildClusterModel('nonsense' as unknown as ClusterConfig), buildClusterModel());
  });
});
