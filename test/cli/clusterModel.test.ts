// `netpol matrix` and `netpol explain` with the cluster model: the built CLI
// on temp folders. CoreDNS joins a matrix only when a selector picks it out,
// marked [cluster] (JSON: `cluster`); explain reaches it either way.
import * as assert from 'assert';
import { formatMatrixJson } from '../../server/src/cli/format/matrixJson';
import { matrixTable } from '../../server/src/cli/format/matrixTable';
import { formatMatrixText } from '../../server/src/cli/format/matrixText';
import { buildClusterModel } from '../../server/src/core/cluster/build';
import { engineInputFrom, WorkspaceIndex } from '../../server/src/core/index';
import { computeMatrix } from '../../server/src/core/policy/engine';
import { removeTree, runCli, tempTree } from './runCli';

const API = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c}]}
`;

const DNS_EGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports:
    - {port: 53, protocol: UDP}
    - {port: dns-tcp, protocol: TCP}
`;

const DENY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

describe('netpol matrix and explain with the cluster model', function () {
  this.timeout(30_000);
  let withDns: string;
  let withoutDns: string;
  before(() => {
    withDns = tempTree({ 'api.yaml': API, 'dns.yaml': DNS_EGRESS });
    withoutDns = tempTree({ 'api.yaml': API, 'deny.yaml': DENY_INGRESS });
  });
  after(() => {
    removeTree(withDns);
    removeTree(withoutDns);
  });

  it('matrix text: a DNS egress rule brings in the CoreDNS pods, marked [cluster]; its named port resolves on them', async () => {
    const run = await runCli(['matrix', '.'], withDns);
    assert.strictEqual(
      run.stdout,
      [
        'from \\ to                      kube-system/coredns [cluster]  shop/api  outside',
        'kube-system/coredns [cluster]  all                            all       all',
        'shop/api                       TCP 53, UDP 53                 all       none',
        'outside                        all                            all       -',
        '',
      ].join('\n'),
    );
    assert.strictEqual([run.code, run.stderr].join(''), '0');
  });

  it('matrix without DNS rules: no CoreDNS, the matrix of the files alone', async () => {
    const run = await runCli(['matrix', '.'], withoutDns);
    assert.strictEqual(run.stdout, ['from \\ to  shop/api  outside', 'shop/api   all       all', 'outside    none      -', ''].join('\n'));
  });

  it('matrix JSON: the endpoint says it is the cluster DNS; keys stay bare', async () => {
    const run = await runCli(['matrix', '.', '--format', 'json'], withDns);
    const json = JSON.parse(run.stdout) as { endpoints: { key: string; cluster?: string; workloadKind?: string }[]; matrix: Record<string, Record<string, unknown>> };
    assert.deepStrictEqual(json.endpoints.map((e) => [e.key, e.cluster, e.workloadKind]), [
      ['kube-system/coredns', 'cluster DNS', 'Deployment'],
      ['shop/api', undefined, 'Deployment'],
      ['outside', undefined, undefined],
    ]);
    assert.deepStrictEqual(json.matrix['shop/api']['kube-system/coredns'], ['TCP 53', 'UDP 53']);
    const probe = JSON.parse((await runCli(['matrix', '.', '--format', 'json', '--port', '53', '--protocol', 'UDP'], withDns)).stdout) as { endpoints: { cluster?: string }[]; matrix: Record<string, Record<string, boolean>> };
    assert.strictEqual(probe.endpoints[0].cluster, 'cluster DNS');
    assert.strictEqual(probe.matrix['shop/api']['kube-system/coredns'], true);
  });

  it('matrix Markdown marks the cluster DNS, CSV keeps the keys bare', async () => {
    const md = await runCli(['matrix', '.', '--format', 'md'], withDns);
    assert.match(md.stdout.split('\n')[0], /\| kube-system\/coredns \[cluster\] \|/);
    const csv = await runCli(['matrix', '.', '--format', 'csv'], withDns);
    assert.strictEqual(csv.stdout.split('\r\n')[0], 'from,kube-system/coredns,shop/api,outside');
  });

  it('explain --to kube-system/coredns on UDP 53: allowed, says where the pods come from', async () => {
    const run = await runCli(['explain', '.', '--from', 'shop/api', '--to', 'kube-system/coredns', '--port', '53', '--protocol', 'UDP'], withDns);
    assert.strictEqual(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.deepStrictEqual(lines.slice(0, 2), ['allowed: shop/api -> kube-system/coredns on UDP 53', '  kube-system/coredns is in the cluster model (cluster DNS), not in the files']);
    assert.ok(lines.includes('ingress of kube-system/coredns: allowed'), run.stdout);
  });

  it('explain: the metrics port is denied (exit 3); JSON names the cluster end', async () => {
    const denied = await runCli(['explain', '.', '--from', 'shop/api', '--to', 'kube-system/coredns', '--port', 'metrics'], withDns);
    assert.strictEqual(denied.code, 3, denied.stderr);
    assert.match(denied.stdout, /^denied: shop\/api -> kube-system\/coredns on TCP 9153 \(egress of shop\/api\)\n {2}allowed between them: TCP 53, UDP 53\n/);
    const json = JSON.parse((await runCli(['explain', '.', '--from', 'kube-system/coredns', '--to', 'shop/api', '--format', 'json'], withoutDns)).stdout) as { allowed: boolean; cluster?: unknown; ingress: { isolated: boolean } };
    assert.deepStrictEqual([json.allowed, json.cluster, json.ingress.isolated], [false, { from: 'cluster DNS' }, true]);
  });
});

describe('matrix formats with workloads declared in .netpol.yaml', () => {
  // The config is read by the CLI's config loader; here the index gets the model directly.
  const index = new WorkspaceIndex();
  index.setFile('api.yaml', API);
  index.setFile('deny.yaml', DENY_INGRESS);
  index.setClusterModel(buildClusterModel({ workloads: [{ name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } }] }), '.netpol.yaml');
  const clusterOf = (id: string) => index.clusterWorkloads().find((w) => w.id === id)?.cluster?.description;
  const m = computeMatrix(engineInputFrom(index, { clusterWorkloads: 'referenced' }), { outside: false });

  it('a declared workload is in the matrix though no rule names it; the unreferenced DNS pods are not', () => {
    assert.strictEqual(
      formatMatrixText(matrixTable(m, undefined, clusterOf)),
      ['from \\ to                        monitoring/prometheus [cluster]  shop/api', 'monitoring/prometheus [cluster]  all                              none', 'shop/api                         all                              all', ''].join('\n'),
    );
    const json = JSON.parse(formatMatrixJson(m, undefined, clusterOf)) as { endpoints: { key: string; cluster?: string }[] };
    assert.deepStrictEqual(json.endpoints.map((e) => [e.key, e.cluster]), [['monitoring/prometheus', 'declared in .netpol.yaml'], ['shop/api', undefined]]);
  });
});
