// The cluster model over stdio: a hover on a DNS egress peer lists the
// cluster DNS workload (no link: it has no file), go to definition leads
// nowhere rather than to a uri no editor can open, and nothing is ever
// published for the model's uri.
import * as assert from 'assert';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { CLUSTER_MODEL_URI } from '../../server/src/core/cluster/types';
import { LspTestClient } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const API = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c}]}
`;

const DNS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-dns
  namespace: shop
spec:
  podSelector: {matchLabels: {app: api}}
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
    - {port: 53, protocol: TCP}
`;

describe('LSP: the cluster model', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  let dns: string;

  before(async () => {
    ws = WorkspaceFixture.empty();
    ws.write('api.yaml', API);
    ws.write('dns.yaml', DNS);
    client = await LspTestClient.start({ workspaceFolders: ws.folders });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
    dns = ws.uri('dns.yaml');
    await client.open(dns, DNS);
    await client.waitForVersion(dns);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  const position = (search: string, shift = 1) => {
    const r = client.rangeOf(dns, search);
    return { line: r.start.line, character: r.start.character + shift };
  };

  it('a hover on a DNS egress peer lists the cluster DNS workload', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: dns }, position: position('k8s-app: kube-dns') });
    const value = (h?.contents as { value: string } | undefined)?.value;
    assert.strictEqual(value, '**1 workload** selected by `k8s-app=kube-dns` in namespace `kube-system` (1 in the cluster model)\n\n- Deployment coredns (cluster DNS, namespace `kube-system`)');
  });

  it('the namespaceSelector hover says kube-system is the cluster model\'s, and no diagnostic calls it missing', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: dns }, position: position('kubernetes.io/metadata.name: kube-system') });
    assert.match((h?.contents as { value: string }).value, /- `kube-system` \(cluster model\)$/);
    const published = client.published.filter((p) => p.uri === dns).pop();
    assert.ok(published, 'diagnostics published for the policy');
    assert.deepStrictEqual(published.diagnostics.map((d) => d.code), []);
  });

  it('go to definition on the DNS peer returns no location in the cluster model', async () => {
    const defs = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: dns }, position: position('k8s-app: kube-dns') });
    assert.deepStrictEqual(defs ?? [], []);
    assert.ok(client.published.every((p) => p.uri !== CLUSTER_MODEL_URI && p.uri.startsWith('file:')));
  });
});
