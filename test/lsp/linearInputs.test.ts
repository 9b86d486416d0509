// Line breaks, file names and aliases through the real server over stdio:
// a CR-only Deployment is indexed, a file named `colon:name.yaml` is one
// entry whichever way the client spells its uri, a self-referencing alias is
// a finding on the alias (the Deployment still indexed), and an exclude glob
// that expands too far is ignored with a log note instead of stalling.
// Each policy has its own name (two of one name are netpol/duplicate-policy).
import * as assert from 'assert';
import type { Location, Position } from 'vscode-languageserver-protocol';
import { LspTestClient, summarize } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const ERROR = 1;

const POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: allow-SELECTED',
  '  namespace: shop',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      app: SELECTED',
  '  ingress:',
  '  - from:',
  '    - podSelector:',
  '        matchLabels:',
  '          app: SELECTED',
  '',
].join('\n');

function deployment(name: string, labels: string[], eol = '\n'): string {
  return ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', '  template:', '    metadata:', ...labels, '    spec:', '      containers: [{name: c, image: nginx}]', ''].join(eol);
}

/** Position of `search` in `text`, `shift` characters in; lines end at LF, CRLF or CR. */
function positionIn(text: string, search: string, shift = 1): Position {
  const offset = text.indexOf(search);
  assert.ok(offset >= 0, `${search} in the text`);
  const before = text.slice(0, offset + shift).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('LSP: line breaks, uri spellings, alias cycles, exclude globs', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-linear-');
    ws.write('colon:name.yaml', deployment('colon', ['      labels:', '        app: colon']));
    ws.write('cr-only.yaml', deployment('cr', ['      labels:', '        app: cr'], '\r'));
    ws.write('cr-crlf.yaml', deployment('crcrlf', ['      labels:', '        app: crcrlf'], '\r\r\n'));
    ws.write('self-alias.yaml', deployment('selfish', ['      labels: &self {<<: *self, app: selfish}']));
    for (const app of ['colon', 'cr', 'crcrlf', 'selfish']) ws.write(`policy-${app}.yaml`, POLICY.replace(/SELECTED/g, app));
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { exclude: ['{1..100000}/**', 'vendor/**'] } });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('indexes every file once despite an exclude glob of 100,000 alternatives, which the log names once', async () => {
    const indexed = client.logs.filter((l) => /^indexed \d+ files/.test(l.message));
    assert.match(indexed[0].message, /^indexed 8 files in \d+ ms/);
    const ignored = client.logs.filter((l) => l.message.includes('netpol.exclude'));
    assert.deepStrictEqual(ignored.map((l) => l.message), ['netpol.exclude: "{1..100000}/**" is ignored: its braces expand to 100000 patterns (more than 1000)']);
  });

  async function policyDiagnostics(app: string) {
    const uri = ws.uri(`policy-${app}.yaml`);
    await client.open(uri, ws.read(`policy-${app}.yaml`));
    return summarize(await client.waitForVersion(uri));
  }

  async function definitions(app: string): Promise<Location[]> {
    const uri = ws.uri(`policy-${app}.yaml`);
    return client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionIn(ws.read(`policy-${app}.yaml`), `app: ${app}`) });
  }

  for (const [app, file] of [['cr', 'cr-only.yaml'], ['crcrlf', 'cr-crlf.yaml']] as const) {
    it(`a Deployment with ${file === 'cr-only.yaml' ? 'lone CR' : 'CR CRLF'} line breaks is indexed: its policy selects it, at the right range`, async () => {
      assert.deepStrictEqual(await policyDiagnostics(app), []);
      const locations = await definitions(app);
      assert.strictEqual(locations.length, 1, JSON.stringify(locations));
      const text = ws.read(file);
      const start = positionIn(text, `name: ${app}`, 6);
      assert.deepStrictEqual(locations[0].range, { start, end: { line: start.line, character: start.character + app.length } });
    });
  }

  it('a CR-only document opened in the editor: no bogus syntax error, a real one on its own line', async () => {
    const uri = ws.uri('opened-cr.yaml');
    const text = deployment('opened', ['      labels:', '        app: [unclosed'], '\r');
    await client.open(uri, text);
    const seen = summarize(await client.waitForVersion(uri));
    assert.ok(seen.length > 0 && seen.every((d) => d.code === 'netpol/yaml-syntax'), JSON.stringify(seen));
    const unclosed = positionIn(text, '[unclosed', 0);
    assert.ok(seen.every((d) => d.range[0] >= unclosed.line), JSON.stringify(seen));
    await client.close(uri);
  });

  describe('a file named colon:name.yaml', () => {
    const spellings = (uri: string) => [uri, uri.replace(/colon:name/, 'colon%3Aname')];

    it('is one entry before it is opened: one definition', async () => {
      assert.deepStrictEqual(await policyDiagnostics('colon'), []);
      const locations = await definitions('colon');
      assert.strictEqual(locations.length, 1, JSON.stringify(locations));
    });

    for (const spelling of ['colon:name', 'colon%3Aname']) {
      it(`opened as ${spelling}.yaml: one definition, in the client's spelling`, async () => {
        const uri = spellings(ws.uri('colon:name.yaml')).find((u) => u.includes(spelling))!;
        await client.open(uri, ws.read('colon:name.yaml'));
        await client.waitForVersion(uri);
        const locations = await definitions('colon');
        assert.deepStrictEqual(locations.map((l) => l.uri), [uri]);
        await client.close(uri);
        // Closed: back to one entry from disk.
        await new Promise((r) => setTimeout(r, 300));
        assert.strictEqual((await definitions('colon')).length, 1);
      });
    }

    it('a watcher event in the other spelling updates the same entry', async () => {
      const colon = ws.uri('colon:name.yaml');
      const encoded = spellings(colon)[1];
      await client.watchedFilesChanged([{ uri: encoded, type: 2 }]);
      await client.watchedFilesChanged([{ uri: colon, type: 2 }]);
      await new Promise((r) => setTimeout(r, 300));
      assert.strictEqual((await definitions('colon')).length, 1);
    });
  });

  it('labels: &self {<<: *self}: an alias-cycle error on the alias, the Deployment still selected by its policy', async () => {
    const uri = ws.uri('self-alias.yaml');
    const text = ws.read('self-alias.yaml');
    await client.open(uri, text);
    const seen = summarize(await client.waitForVersion(uri));
    const alias = positionIn(text, '*self', 0);
    assert.deepStrictEqual(seen, [{ code: 'netpol/yaml-alias-cycle', severity: ERROR, message: "anchor 'self' value contains itself; the alias was not followed", range: [alias.line, alias.character, alias.line, alias.character + 5] }]);
    assert.deepStrictEqual(await policyDiagnostics('selfish'), []);
    assert.strictEqual((await definitions('selfish')).length, 1);
  });
});
