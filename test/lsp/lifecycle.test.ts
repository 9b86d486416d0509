// Starting, announcing, ignoring what is not YAML, and exiting cleanly.
import * as assert from 'assert';
import { TextDocumentSyncKind } from 'vscode-languageserver-protocol';
import { delay, LspTestClient } from './harness';

const packageVersion: string = require('../../../package.json').version;

describe('LSP server lifecycle over stdio', function () {
  this.timeout(20000);
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });

  after(async () => {
    await client?.shutdown();
  });

  it('advertises incremental sync and its name and version', () => {
    const { capabilities, serverInfo } = client.initializeResult;
    assert.deepStrictEqual(capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.deepStrictEqual(serverInfo, { name: 'netpol-inspector', version: packageVersion });
  });

  it('logs that it started, with its version', async () => {
    const log = await client.waitForLog((m) => m.startsWith('netpol-inspector server started'));
    assert.ok(log.message.includes(`version ${packageVersion}`), log.message);
  });

  it('pulls the netpol settings and registers for their changes', async () => {
    await client.waitForLog((m) => m.startsWith('netpol-inspector server started'));
    for (let i = 0; i < 50 && !client.requests.some((r) => r.method === 'client/registerCapability'); i++) await delay(20);
    const configuration = client.requests.find((r) => r.method === 'workspace/configuration');
    assert.deepStrictEqual(configuration?.params, { items: [{ section: 'netpol' }] });
    const registration = client.requests.find((r) => r.method === 'client/registerCapability');
    const registrations = (registration?.params as { registrations: { method: string; registerOptions: unknown }[] }).registrations;
    assert.deepStrictEqual(
      registrations.map((r) => [r.method, r.registerOptions]),
      [['workspace/didChangeConfiguration', { section: 'netpol' }]],
    );
  });

  it('analyses .yml files whatever their language id, and ignores other documents', async () => {
    await client.open('file:///lsp-test/lifecycle/notes.md', 'metadata:\n  name: a: b\n', 'markdown');
    await client.open('file:///lsp-test/lifecycle/policy.yml', 'metadata:\n  name: a: b\n', 'plaintext');
    const published = await client.waitForDiagnostics('file:///lsp-test/lifecycle/policy.yml');
    assert.strictEqual(published.diagnostics.length, 1);
    await delay(300);
    assert.deepStrictEqual(client.publishedFor('file:///lsp-test/lifecycle/notes.md'), []);
  });

  it('analyses untitled YAML documents', async () => {
    const u = 'untitled:Untitled-1';
    await client.open(u, 'metadata:\n  name: a: b\n', 'yaml');
    assert.strictEqual((await client.waitForDiagnostics(u)).diagnostics[0].code, 'netpol/yaml-syntax');
  });

  it('skips Helm templates quietly', async () => {
    const u = 'file:///lsp-test/lifecycle/chart/templates/policy.yaml';
    await client.open(u, 'metadata:\n  name: {{ .Values.name }}\n  labels: {{ include "x" . }}\n');
    const published = await client.waitForVersion(u);
    assert.deepStrictEqual(published.diagnostics, []);
  });

  it('exits with code 0 after shutdown and exit', async () => {
    const other = await LspTestClient.start();
    assert.strictEqual(await other.shutdown(), 0);
  });
});
