// What the lints share, over stdio: relatedInformation from Finding.related,
// codeDescription links to docs/rules, and the opt-in
// netpol/workload-not-isolated switched on by `netpol.rules` with a bare id,
// re-checked in a closed workload file when a policy of its namespace changes.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const POLICY = (extra = '', types = 'Ingress') => `${extra}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [${types}]
`;
const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
`;

describe('LSP: related information, rule links, opt-in rules', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty();
    ws.write('a.yaml', POLICY());
    ws.write('sub/b.yaml', POLICY('# copy\n'));
    ws.write('api.yaml', API);
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { rules: { 'workload-not-isolated': 'warning' } } });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  const of = (uri: string, rule: string, predicate: (ds: Diagnostic[]) => boolean = (ds) => ds.length > 0) =>
    client.waitForDiagnostics(uri, (p) => predicate(p.diagnostics.filter((d) => d.code === rule)), 10000).then((p) => p.diagnostics.filter((d) => d.code === rule));

  it('a duplicate policy links the other copy (relatedInformation) and its rule page (codeDescription)', async () => {
    const [d] = await of(ws.uri('a.yaml'), 'netpol/duplicate-policy');
    assert.match(d.message, /^NetworkPolicy shop\/deny is also defined at sub\/b\.yaml:5: /);
    assert.deepStrictEqual(d.relatedInformation, [
      { location: { uri: ws.uri('sub/b.yaml'), range: { start: { line: 4, character: 8 }, end: { line: 4, character: 12 } } }, message: 'another NetworkPolicy shop/deny' },
    ]);
    assert.strictEqual(d.codeDescription?.href, 'https://github.com/netpol-inspector/netpol-inspector/blob/main/docs/rules/duplicate-policy.md');
  });

  it('netpol.rules with a bare id turns the opt-in rule on, in a closed workload file, and it follows policy edits', async () => {
    const api = ws.uri('api.yaml');
    const [d] = await of(api, 'netpol/workload-not-isolated');
    assert.strictEqual(d.severity, 2);
    assert.match(d.message, /^Deployment shop\/api is not isolated for egress: /);
    assert.deepStrictEqual(d.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
    // Isolate egress too: the closed workload file is re-checked.
    const a = ws.uri('a.yaml');
    await client.open(a, POLICY());
    await client.replace(a, '[Ingress]', '[Ingress, Egress]');
    await of(api, 'netpol/workload-not-isolated', (ds) => ds.length === 0);
    await client.replace(a, '[Ingress, Egress]', '[Ingress]');
    await of(api, 'netpol/workload-not-isolated', (ds) => ds.length === 1);
    // Off again without the setting.
    await client.setSettings({});
    await of(api, 'netpol/workload-not-isolated', (ds) => ds.length === 0);
  });
});
