// JSON manifests over stdio: an open JSON policy gets its diagnostics at the
// right ranges and hovers; a closed pods.json (a PodList as kubectl prints it)
// is indexed and followed on disk; package.json and tsconfig.json are left
// alone (not indexed, no diagnostics when open).
import * as assert from 'assert';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { checkJsonSyntax } from '../../server/src/core/json/syntax';
import { applyWorkspaceEdit } from './applyEdits';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { LspTestClient, summarize } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const ERROR = 1;
const WARNING = 2;

const POLICY = `{
  "apiVersion": "networking.k8s.io/v1",
  "kind": "NetworkPolicy",
  "metadata": {"name": "web", "namespace": "shop"},
  "spec": {
    "podSelector": {"matchLabels": {"app": "web"}},
    "ingress": [{"ports": [{"port": 70000}]}]
  }
}
`;

function podList(webLabel: string): string {
  const pod = (name: string, app: string) => ({ metadata: { name, namespace: 'shop', labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  return JSON.stringify({ apiVersion: 'v1', items: [pod('web-0', webLabel), pod('db-0', 'db')], kind: 'PodList', metadata: { resourceVersion: '' } }, null, 2) + '\n';
}

describe('LSP on JSON manifests', function () {
  this.timeout(60_000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  let policy: string;

  before(async () => {
    ws = WorkspaceFixture.empty();
    ws.write('pods.json', podList('web'));
    ws.write('policy.json', POLICY);
    ws.write('package.json', JSON.stringify({ name: 'x', version: '1.0.0', scripts: { kind: 'build' } }, null, 2));
    ws.write('tsconfig.json', '{\n  // comments\n  "compilerOptions": {}\n}\n');
    client = await LspTestClient.start({ workspaceFolders: ws.folders });
    policy = ws.uri('policy.json');
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('indexes pods.json and policy.json, not package.json or tsconfig.json', async () => {
    const log = await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10_000);
    assert.match(log.message, /^indexed 2 files in \d+ ms \(start; 1 namespace with workloads, 1 policy\)$/);
  });

  it('an open JSON policy gets its diagnostics at the JSON ranges; its selector matches the pods of the closed pods.json', async () => {
    await client.open(policy, POLICY, 'json');
    const published = await client.waitForVersion(policy, 10_000);
    const port = client.rangeOf(policy, '70000');
    assert.deepStrictEqual(summarize(published), [
      { code: 'netpol/invalid-port', severity: ERROR, message: 'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', range: [port.start.line, port.start.character, port.end.line, port.end.character] },
    ]);
  });

  it('hover on the podSelector names the pod of pods.json', async () => {
    const at = client.rangeOf(policy, '"podSelector"').start;
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: policy }, position: { line: at.line, character: at.character + 2 } });
    const value = (h?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /^\*\*1 workload\*\* selected by `app=web` in namespace `shop`/);
    assert.match(value, /Pod \*\*web-0\*\* in \[pods\.json:\d+\]/);
    assert.strictEqual(h?.range?.start.line, at.line);
  });

  it('deleting the label in pods.json on disk makes the selector match nothing', async () => {
    const before = client.publishedFor(policy).length;
    ws.write('pods.json', podList('api'));
    await client.watchedFilesChanged([{ uri: ws.uri('pods.json'), type: FileChangeType.Changed }]);
    const changed = await client.waitForDiagnostics(policy, (p) => client.publishedFor(policy).indexOf(p) >= before && p.diagnostics.some((d) => d.code === 'netpol/selector-matches-nothing'), 10_000);
    const label = client.rangeOf(policy, '"app": "web"');
    const warning = summarize(changed).find((d) => d.code === 'netpol/selector-matches-nothing')!;
    assert.strictEqual(warning.severity, WARNING);
    assert.match(warning.message, /no workload in namespace shop has app=web; existing values: app=api, app=db/);
    assert.strictEqual(warning.range[0], label.start.line);
    assert.ok(warning.range[1] >= label.start.character && warning.range[3] <= label.end.character, JSON.stringify(warning.range));
    // Whatever quick fix is offered leaves both JSON files valid JSON (a YAML-style insertion is refused).
    const diagnostic = changed.diagnostics.find((d) => d.code === 'netpol/selector-matches-nothing')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: policy }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const texts = new Map([[policy, client.text(policy)], [ws.uri('pods.json'), ws.read('pods.json')]]);
    for (const action of actions) {
      for (const [uri, text] of applyWorkspaceEdit(texts, action.edit!)) assert.strictEqual(checkJsonSyntax(text), undefined, `${action.title}: ${uri}`);
    }
  });

  it('a syntax error in an open JSON manifest is one error in kubectl\'s words at the character, and goes away when fixed', async () => {
    const uri = ws.uri('broken.json');
    await client.open(uri, '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "a",}\n}\n', 'json');
    const published = await client.waitForVersion(uri, 10_000);
    const brace = client.rangeOf(uri, '}\n}');
    assert.deepStrictEqual(summarize(published), [
      { code: 'netpol/json-syntax', severity: ERROR, message: "invalid character '}' looking for beginning of object key string", range: [brace.start.line, brace.start.character, brace.start.line, brace.start.character + 1] },
    ]);
    await client.replace(uri, '"a",}', '"a"}');
    assert.deepStrictEqual((await client.waitForVersion(uri, 10_000)).diagnostics, []);
  });

  it('an open package.json gets no diagnostics, even after edits', async () => {
    const pkg = ws.uri('package.json');
    const text = ws.read('package.json');
    await client.open(pkg, text, 'json');
    await client.replace(pkg, '"1.0.0"', '"1.0.1"');
    await client.waitForVersion(pkg, 10_000).catch(() => undefined);
    assert.ok(client.publishedFor(pkg).every((p) => p.diagnostics.length === 0), JSON.stringify(client.publishedFor(pkg)));
    const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', { textDocument: { uri: pkg } });
    assert.deepStrictEqual(symbols ?? [], []);
  });
});
