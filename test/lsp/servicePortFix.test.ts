// The quick fix of netpol/service-port-not-pod-port over stdio, against the
// built server: the diagnostic on the Service port, the action replacing it
// with the Service's targetPort, applied in memory: the port's value changes
// and every other byte of the file (CRLF line breaks, comments, the rest of
// the edited line) stays as it was; then the warning goes away.
import * as assert from 'assert';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, editsByUri } from './applyEdits';
import { LspTestClient } from './harness';
import { WorkspaceFixture } from './workspaceFixture';
import { WEB } from '../unit/checks/serviceFixtures';

const RULE = 'netpol/service-port-not-pod-port';


const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n';

const POLICY = [
  '# web ingress',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: web-in, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: web}}',
  '  ingress:',
  '  - ports:',
  '    - {protocol: TCP, port: 80}   # the Service port',
  '',
].join('\r\n');

describe('LSP: the service-port quick fix', function () {
  this.timeout(60000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-svcport-');
    ws.write('web.yaml', WEB);
    ws.write('service.yaml', SERVICE);
    ws.write('policy.yaml', POLICY);
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {} });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('replaces the Service port by the targetPort, every other byte kept, and the warning goes', async () => {
    const uri = ws.uri('policy.yaml');
    await client.open(uri, POLICY);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === RULE), 20000);
    const diagnostic = published.diagnostics.find((d) => d.code === RULE) as Diagnostic;
    assert.match(diagnostic.message, /Use port 8080 \(the targetPort\)/);
    assert.deepStrictEqual(diagnostic.range, client.rangeOf(uri, '80'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    assert.deepStrictEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [['Use the targetPort 8080 of Service web instead of port 80', true]],
    );
    const edit = actions[0].edit!;
    assert.deepStrictEqual([...editsByUri(edit).keys()], [uri]);
    const after = applyWorkspaceEdit(new Map([[uri, POLICY]]), edit).get(uri)!;
    assert.strictEqual(after, POLICY.replace('port: 80}', 'port: 8080}'));
    await client.change(uri, [{ text: after }]);
    await client.waitForDiagnostics(uri, (p) => p.version === client.version(uri) && !p.diagnostics.some((d) => d.code === RULE), 20000);
  });
});
