// .netpol.yaml in the editor, over stdio: a config that turns a rule off
// silences it, the user's explicit settings win over the file, editing the
// config (on disk or in the editor) re-checks the workspace, and an invalid
// config is a diagnostic on the config itself while the server keeps going.
import * as assert from 'assert';
import { FileChangeType, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const ERROR = 1;
const WARNING = 2;
const HINT = 4;
const RULE = 'netpol/selector-matches-nothing';

const DEPLOYMENT = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  selector:', '    matchLabels:', '      app: web', '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '        - name: web', '          image: nginx', ''].join('\n');
const POLICY = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: api', '  namespace: shop', 'spec:', '  podSelector:', '    matchLabels:', '      app: api', '  policyTypes: [Ingress]', ''].join('\n');

const severities = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === RULE).map((d) => d.severity);

describe('LSP project config (.netpol.yaml)', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  let policy: string;
  let config: string;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-config-');
    ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('web.yaml', DEPLOYMENT);
    ws.write('policy.yaml', POLICY);
    ws.write('.netpol.yaml', '# the project config\nrules:\n  selector-matches-nothing: off\n');
    policy = ws.uri('policy.yaml');
    config = ws.uri('.netpol.yaml');
    client = await LspTestClient.start({ workspaceFolders: ws.folders });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
    await client.open(policy, POLICY);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  const changedOnDisk = async (text: string) => {
    ws.write('.netpol.yaml', text);
    await client.watchedFilesChanged([{ uri: config, type: FileChangeType.Changed }]);
  };

  it('reads the config before the first diagnostics: a rule set off is silent', async () => {
    const first = await client.waitForVersion(policy);
    assert.deepStrictEqual(severities(first), []);
    assert.ok(client.logs.some((l) => l.message.startsWith(`project config: ${ws.root}`) && l.message.endsWith('read (start)')), 'the config was read at start');
  });

  it('re-checks the workspace when the config changes on disk, with its severity', async () => {
    await changedOnDisk('rules:\n  netpol/selector-matches-nothing: error\n');
    const published = await client.waitForDiagnostics(policy, (p) => severities(p).length === 1);
    assert.deepStrictEqual(severities(published), [ERROR]);
  });

  it("the user's explicit settings win over the file, per rule", async () => {
    await client.setSettings({ rules: { 'selector-matches-nothing': 'hint' } });
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === HINT)), [HINT]);
    await client.setSettings({ rules: { 'netpol/yaml-syntax': 'warning' } });
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === ERROR)), [ERROR]);
    await client.setSettings({});
  });

  it('re-checks when the open config is edited (debounced)', async () => {
    await client.open(config, ws.read('.netpol.yaml'));
    await client.replace(config, 'error', 'off');
    await client.waitForDiagnostics(policy, (p) => p.diagnostics.length === 0);
    await client.replace(config, 'off', 'warning');
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === WARNING)), [WARNING]);
  });

  it('an invalid value is a diagnostic on the config at its range; the valid parts apply', async () => {
    await client.replace(config, 'warning', 'loud');
    const version = client.version(config);
    const published = await client.waitForDiagnostics(config, (p) => p.version === version && p.diagnostics.length > 0);
    assert.deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['netpol/invalid-config', ERROR, client.rangeOf(config, 'loud')]],
    );
    assert.match(published.diagnostics[0].message, /^rules\["netpol\/selector-matches-nothing"\]: Unsupported value: "loud": supported values: "error", "warning", "information", "hint", "off"$/);
    // The bad level is left out: the rule's default severity applies.
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === WARNING)), [WARNING]);
  });

  it('a config that cannot be used keeps the last good one, and the server keeps serving', async () => {
    await client.replace(config, 'loud', 'off');
    await client.waitForDiagnostics(policy, (p) => p.diagnostics.length === 0);
    await client.replace(config, 'rules:', 'rules: {');
    const version = client.version(config);
    const published = await client.waitForDiagnostics(config, (p) => p.version === version && p.diagnostics.length > 0);
    assert.ok(published.diagnostics.every((d) => d.code === 'netpol/yaml-syntax'), JSON.stringify(published.diagnostics));
    await client.waitForLog((m) => m.includes('cannot be used') && m.endsWith('keeping its last good version'));
    // Still silenced by the last good config; and the server still answers.
    await client.replace(policy, 'app: api', 'app: apj');
    const after = await client.waitForVersion(policy);
    assert.deepStrictEqual(severities(after), []);
  });

  it('closing the config applies the disk copy again; problems on disk are published without opening it', async () => {
    await client.close(config);
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === ERROR)), [ERROR]);
    await changedOnDisk('rules:\n  selector-matches-nothing: warning\nbogus: 1\n');
    const published = await client.waitForDiagnostics(config, (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(published.diagnostics.map((d) => [d.code, d.range]), [['netpol/invalid-config', { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }]]);
    assert.match(published.diagnostics[0].message, /^unknown field "bogus"; allowed fields: rules, exclude, defaultNamespace, strictCidr, cluster$/);
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === WARNING)), [WARNING]);
    // Fixed: the diagnostics are cleared.
    await changedOnDisk('rules:\n  selector-matches-nothing: warning\n');
    await client.waitForDiagnostics(config, (p) => p.diagnostics.length === 0);
  });

  it('hostile config texts are diagnostics, never a crash', async () => {
    const texts = ['{'.repeat(3000), '\u0000\u0001\u0002 binary', 'rules: &r\n  a: *r\n', `cluster:\n  workloads:\n${'    - {name: a, namespace: b, labels: {x: y}}\n'.repeat(2000)}`];
    for (const [i, text] of texts.entries()) {
      const uri = `file:///lsp-test/hostile-${i}/.netpol.yaml`;
      await client.open(uri, text);
      await client.waitForVersion(uri, 10000);
      await client.close(uri);
    }
    // Still serving: an edit of the policy is checked.
    await client.replace(policy, 'app: apj', 'app: apk');
    await client.waitForVersion(policy);
  });

  it('removing the config returns to the defaults', async () => {
    await client.setSettings({ rules: { 'selector-matches-nothing': 'off' } });
    await client.waitForDiagnostics(policy, (p) => p.diagnostics.length === 0);
    ws.remove('.netpol.yaml');
    await client.watchedFilesChanged([{ uri: config, type: FileChangeType.Deleted }]);
    await client.waitForLog((m) => m.includes('no longer applies'));
    await client.setSettings({});
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p)[0] === WARNING)), [WARNING]);
  });
});

describe('LSP project config above the workspace folder (a monorepo opened at a subfolder)', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-config-mono-');
    ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('.netpol.yaml', 'rules:\n  selector-matches-nothing: off\n');
    ws.write('services/api/web.yaml', DEPLOYMENT);
    ws.write('services/api/policy.yaml', POLICY);
    const folder = ws.uri('services/api');
    client = await LspTestClient.start({
      workspaceFolders: [{ uri: folder, name: 'api' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          workspaceFolders: true,
        },
      },
    });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('applies the config found upward and watches it with a relative pattern', async () => {
    const policy = ws.uri('services/api/policy.yaml');
    await client.open(policy, POLICY);
    assert.deepStrictEqual(severities(await client.waitForVersion(policy)), []);
    const watchers = client.requests
      .filter((r) => r.method === 'client/registerCapability')
      .flatMap((r) => (r.params as { registrations: { method: string; registerOptions: { watchers: unknown[] } }[] }).registrations)
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => r.registerOptions.watchers);
    assert.deepStrictEqual(
      watchers.filter((w) => typeof (w as { globPattern: unknown }).globPattern === 'object'),
      [{ globPattern: { baseUri: ws.folderUri, pattern: '.netpol.{yaml,yml}' } }],
    );
    ws.write('.netpol.yaml', 'rules:\n  selector-matches-nothing: error\n');
    await client.watchedFilesChanged([{ uri: ws.uri('.netpol.yaml'), type: FileChangeType.Changed }]);
    assert.deepStrictEqual(severities(await client.waitForDiagnostics(policy, (p) => severities(p).length === 1)), [ERROR]);
  });
});

describe('LSP project config with several workspace folders', function () {
  this.timeout(30000);
  let first: WorkspaceFixture;
  let second: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    first = WorkspaceFixture.empty('netpol-config-first-');
    second = WorkspaceFixture.empty('netpol-config-second-');
    for (const ws of [first, second]) ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    first.write('.netpol.yaml', 'rules:\n  selector-matches-nothing: hint\n');
    second.write('.netpol.yaml', 'rules:\n  selector-matches-nothing: off\n');
    second.write('web.yaml', DEPLOYMENT);
    second.write('policy.yaml', POLICY);
    client = await LspTestClient.start({ workspaceFolders: [...first.folders, ...second.folders] });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
  });

  after(async () => {
    await client?.shutdown();
    first?.dispose();
    second?.dispose();
  });

  it("applies the first folder's config to the session and names the other in the log", async () => {
    const policy = second.uri('policy.yaml');
    await client.open(policy, POLICY);
    assert.deepStrictEqual(severities(await client.waitForVersion(policy)), [HINT]);
    assert.ok(client.logs.some((l) => l.message.startsWith(`project config: ${second.root}`) && l.message.includes('is not applied')));
  });
});
