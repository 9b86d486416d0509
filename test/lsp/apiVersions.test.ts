// NetworkPolicy kinds that are not networking.k8s.io/v1, over stdio: a
// Kubernetes version kubectl does not serve is an error on its apiVersion;
// another product's NetworkPolicy (Calico...) gets no diagnostic and one line
// in the output channel per file, for open documents and files on disk alike.
import * as assert from 'assert';
import { LspTestClient, summarize } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const ERROR = 1;
const WARNING = 2;
const CALICO_NOTE = 'NetworkPolicy in projectcalico.org/v3 is not analysed (only networking.k8s.io/v1 is)';

const policyIn = (apiVersion: string, spec: string) => `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n${spec}`;
const CALICO = policyIn('projectcalico.org/v3', '  selector: all()\n  types: [Ingress]\n');

describe('LSP: NetworkPolicy apiVersions and an omitted podSelector', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty();
    ws.write('calico.yaml', CALICO);
    ws.write('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n');
    client = await LspTestClient.start({ workspaceFolders: ws.folders });
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('logs a file on disk with a Calico NetworkPolicy once, when indexed', async () => {
    await client.waitForLog((m) => m === `${ws.uri('calico.yaml')}: ${CALICO_NOTE}`, 15000);
  });

  it('reports an unknown version on the apiVersion value and an omitted podSelector as a warning; logs the Calico policy once', async () => {
    const uri = ws.uri('open.yaml');
    const text = [policyIn('networking.k8s.io/v2', '  podSelector: {}\n'), CALICO, policyIn('networking.k8s.io/v1', '  policyTypes: [Ingress]\n')].join('---\n');
    await client.open(uri, text);
    assert.deepStrictEqual(summarize(await client.waitForVersion(uri)), [
      { code: 'netpol/unknown-api-version', severity: ERROR, message: 'no matches for kind "NetworkPolicy" in version "networking.k8s.io/v2": NetworkPolicy is served as networking.k8s.io/v1', range: [0, 12, 0, 32] },
      {
        code: 'netpol/podselector-omitted',
        severity: WARNING,
        message: 'spec.podSelector is omitted: the policy selects every pod in its namespace, as podSelector: {} would; kubectl before 1.34 refuses it',
        range: [16, 0, 16, 4],
      },
    ]);
    await client.waitForLog((m) => m === `${uri}: ${CALICO_NOTE}`);
    // Edits re-analyse the file; the note is not repeated.
    await client.replace(uri, 'name: p', 'name: q', 1);
    await client.waitForVersion(uri);
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.strictEqual(client.logs.filter((l) => l.message === `${uri}: ${CALICO_NOTE}`).length, 1);
    assert.strictEqual(client.logs.filter((l) => l.message === `${ws.uri('calico.yaml')}: ${CALICO_NOTE}`).length, 1);
  });
});
