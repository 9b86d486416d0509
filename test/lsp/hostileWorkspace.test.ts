// Hostile workspaces on disk, through the real server over stdio: symbolic
// link loops, files deleted while indexing, invalid UTF-8, UTF-16 with and
// without BOM, a file named `colon:name.yaml`, a brace pattern that expands to
// 100,000 globs, and quick fixes that must not lose content (a label key
// `<<`, fixes asked for with a stale diagnostic). Each must finish in time
// with the right answer, and leave the server answering.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { parseAllDocuments } from 'yaml';
import { applyWorkspaceEdit, assertOutsideLinesKept, editsByUri } from './applyEdits';
import { delay, fileUri, LspTestClient } from './harness';
import { assertAlive, skipIfPending } from './hostileChecks';
import * as hostile from './hostileInputs';
import { WorkspaceFixture } from './workspaceFixture';

const ERROR = 1;
const INDEX_BOUND_MS = 30000;
const BRACE_BOUND_MS = 5000;
const indexedLog = (m: string) => /^indexed \d+ files/.test(m);

interface Stats {
  indexedFiles: number;
}

/** Opens a policy selecting `labels` in namespace shop; returns its podSelector hover. */
async function selectedBy(c: LspTestClient, ws: WorkspaceFixture, labels: Record<string, string>, name = 'probe.yaml'): Promise<string> {
  const u = ws.uri(name);
  const text = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: probe', '  namespace: shop', 'spec:', '  podSelector:', '    matchLabels:', ...Object.entries(labels).map(([k, v]) => `      ${k}: ${v}`), ''].join('\n');
  await c.open(u, text);
  await c.waitForVersion(u, 10000);
  const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 6, character: 4 } });
  await c.close(u);
  return (hover?.contents as { value: string } | undefined)?.value ?? '';
}

describe('LSP server on hostile workspaces', function () {
  this.timeout(120000);
  let ws: WorkspaceFixture;
  let client: LspTestClient | undefined;

  beforeEach(() => {
    ws = WorkspaceFixture.empty('netpol-hostile-ws-');
  });

  afterEach(async () => {
    if (client) {
      assert.strictEqual(client.serverStderr, '', 'server stderr');
      assert.deepStrictEqual(client.logs.filter((l) => l.type === ERROR).map((l) => l.message), [], 'error logs');
      await assertAlive(client);
      assert.strictEqual(await client.shutdown(), 0);
    }
    client = undefined;
    ws.dispose();
  });

  async function start(settings: Record<string, unknown> = {}): Promise<LspTestClient> {
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings });
    return client;
  }

  it('symbolic link loops (a folder linking to its parent, a file linking to itself): indexed once, in time', async () => {
    ws.write('a/pod.yaml', hostile.pod('looped', { app: 'web' }));
    fs.symlinkSync('..', path.join(ws.root, 'a', 'up'));
    fs.symlinkSync('.', path.join(ws.root, 'a', 'here'));
    fs.symlinkSync('self.yaml', path.join(ws.root, 'self.yaml'));
    const c = await start();
    const log = await c.waitForLog(indexedLog, INDEX_BOUND_MS);
    assert.match(log.message, /^indexed 1 files in/);
    assert.match(await selectedBy(c, ws, { app: 'web' }), /\*\*1 workload\*\* selected by[\s\S]*looped/);
  });

  it('files deleted while indexing: the index ends with exactly the files left', async () => {
    const total = 1500;
    for (let i = 0; i < total; i++) ws.write(`ns/pod-${i}.yaml`, hostile.pod(`p${i}`, { app: 'web', n: String(i) }));
    const c = await start();
    const progress: unknown[] = [];
    c.connection.onNotification('$/progress', (p: { value: unknown }) => progress.push(p.value));
    while (progress.length < 2) await delay(5);
    // Every other file goes away, mid-run, and the client says so.
    const deleted: string[] = [];
    for (let i = 0; i < total; i += 2) {
      ws.remove(`ns/pod-${i}.yaml`);
      deleted.push(ws.uri(`ns/pod-${i}.yaml`));
    }
    await c.watchedFilesChanged(deleted.map((uri) => ({ uri, type: FileChangeType.Deleted })));
    await c.waitForLog(indexedLog, INDEX_BOUND_MS);
    const stats = await c.request<Stats>('netpol/internal/stats', {});
    assert.strictEqual(stats.indexedFiles, total / 2);
    assert.match(await selectedBy(c, ws, { app: 'web' }), new RegExp(`\\*\\*${total / 2} workloads\\*\\* selected by`));
  });

  it('invalid UTF-8 in a value: the file is still indexed (U+FFFD, as editors show it)', async () => {
    const text = hostile.pod('bad-bytes', { app: 'web' }).replace('metadata:', 'metadata:\n  annotations:\n    note: "caf\u0000"');
    const bytes = Buffer.from(text, 'utf8');
    const nul = bytes.indexOf(0);
    bytes[nul] = 0xff;
    ws.write('bad.yaml', '');
    fs.writeFileSync(path.join(ws.root, 'bad.yaml'), Buffer.concat([bytes.subarray(0, nul), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(nul + 1)]));
    const c = await start();
    await c.waitForLog(indexedLog, INDEX_BOUND_MS);
    assert.match(await selectedBy(c, ws, { app: 'web' }), /\*\*1 workload\*\* selected by[\s\S]*bad-bytes/);
  });

  for (const [name, encode] of [
    ['UTF-16 LE with BOM', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16 BE with BOM', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
    ['UTF-16 LE without BOM', (t: string) => Buffer.from(t, 'utf16le')],
    ['UTF-16 BE without BOM', (t: string) => Buffer.from(t, 'utf16le').swap16()],
  ] as const) {
    it(`a ${name} file: decoded, its workload indexed with the right labels`, async () => {
      fs.writeFileSync(path.join(ws.root, 'wide.yaml'), encode(hostile.pod('wide', { app: 'utf16', tier: 'é😀' })));
      const c = await start();
      await c.waitForLog(indexedLog, INDEX_BOUND_MS);
      assert.match(await selectedBy(c, ws, { app: 'utf16', tier: '"é😀"' }), /\*\*1 workload\*\* selected by[\s\S]*wide/);
    });
  }

  it('a file named colon:name.yaml: one workload, the same whether read from disk or open in the editor', async function () {
    skipIfPending(this, 'a file named colon:name.yaml');
    const text = hostile.pod('colon', { app: 'colon' });
    ws.write('colon:name.yaml', text);
    const c = await start();
    await c.waitForLog(indexedLog, INDEX_BOUND_MS);
    assert.match(await selectedBy(c, ws, { app: 'colon' }), /\*\*1 workload\*\* selected by[\s\S]*colon%3Aname\.yaml/);
    // VS Code spells the name with %3A; opened, it replaces its disk copy rather than adding a second workload.
    const u = URI.file(path.join(ws.root, 'colon:name.yaml')).toString();
    assert.match(u, /colon%3Aname\.yaml$/);
    await c.open(u, text);
    await c.waitForVersion(u, 10000);
    assert.match(await selectedBy(c, ws, { app: 'colon' }), /\*\*1 workload\*\* selected by/);
  });

  it('netpol.exclude ["{1..100000}/**"]: indexing ends in time; the pattern, too large to expand, is ignored with a warning', async function () {
    skipIfPending(this, 'netpol.exclude ["{1..100000}/**"]');
    ws.write('5/pod.yaml', hostile.pod('excluded', { app: 'web' }));
    ws.write('other/pod.yaml', hostile.pod('kept', { app: 'web' }));
    const c = await start({ exclude: ['{1..100000}/**'] });
    const started = Date.now();
    const log = await c.waitForLog(indexedLog, INDEX_BOUND_MS);
    // Two files: anything beyond a few seconds is the pattern's expansion.
    assert.ok(Date.now() - started < BRACE_BOUND_MS, `${Date.now() - started} ms to index two files`);
    assert.match(log.message, /^indexed 2 files in/);
    await c.waitForLog((m) => /netpol\.exclude: "\{1\.\.100000\}\/\*\*" is ignored/.test(m), 5000);
    const hover = await selectedBy(c, ws, { app: 'web' });
    assert.match(hover, /\*\*2 workloads\*\* selected by[\s\S]*kept/);
  });

  describe('quick fixes', () => {
    const target = () => hostile.pod('target', { app: 'web' });

    async function fixableDiagnostic(c: LspTestClient, u: string, text: string): Promise<Diagnostic> {
      await c.open(u, text);
      const published = await c.waitForDiagnostics(u, (p) => p.diagnostics.some((d) => d.code === 'netpol/selector-matches-nothing'), 20000);
      return published.diagnostics.find((d) => d.code === 'netpol/selector-matches-nothing')!;
    }

    async function actionsFor(c: LspTestClient, u: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
      return (await c.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri: u }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } })) ?? [];
    }

    /** Applies each action to the current texts; every one keeps the lines outside its edit. */
    function applyEach(c: LspTestClient, actions: CodeAction[], texts: Map<string, string>): Map<string, string>[] {
      return actions.map((a) => {
        for (const change of a.edit?.documentChanges ?? []) {
          if ('textDocument' in change && change.textDocument.version !== null && change.textDocument.version !== undefined) {
            assert.strictEqual(change.textDocument.version, c.version(change.textDocument.uri), `${a.title}: edit for another version`);
          }
        }
        const after = applyWorkspaceEdit(texts, a.edit!);
        for (const [u, edits] of editsByUri(a.edit!)) assertOutsideLinesKept(texts.get(u)!, after.get(u)!, edits, a.title);
        return after;
      });
    }

    it('"Add label <<=merged": the label is added as a key, not as a YAML merge', async function () {
      skipIfPending(this, 'Add label <<=merged');
      ws.write('target.yaml', target());
      const c = await start();
      await c.waitForLog(indexedLog, INDEX_BOUND_MS);
      const u = ws.uri('merge-key.yaml');
      const policy = hostile.validPolicy('mk').replace('      app: web\n  policyTypes', '      "<<": merged\n  policyTypes');
      const diagnostic = await fixableDiagnostic(c, u, policy);
      const actions = (await actionsFor(c, u, diagnostic)).filter((a) => a.title.startsWith('Add label'));
      assert.ok(actions.length > 0, 'an Add label fix is offered');
      const texts = new Map([[ws.uri('target.yaml'), target()], [u, policy]]);
      for (const after of applyEach(c, actions, texts)) {
        const docs = parseAllDocuments(after.get(ws.uri('target.yaml'))!, { version: '1.1' });
        const labels = (Array.isArray(docs) ? docs : [docs])[0].toJS().metadata.labels;
        assert.deepStrictEqual(labels, { app: 'web', '<<': 'merged' });
      }
    });

    it('a fix asked for with a stale diagnostic (the policy edited since): applied to the current text, or not offered', async function () {
      skipIfPending(this, 'stale quick fixes');
      ws.write('target.yaml', target());
      const c = await start();
      await c.waitForLog(indexedLog, INDEX_BOUND_MS);
      const u = ws.uri('stale.yaml');
      const policy = hostile.validPolicy('stale').replace('      app: web\n  policyTypes', '      app: webb\n  policyTypes');
      const diagnostic = await fixableDiagnostic(c, u, policy);
      // Three lines inserted above the selector: the old diagnostic's ranges now point elsewhere.
      await c.change(u, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n# three\n' }]);
      await c.waitForVersion(u, 10000);
      const current = c.text(u);
      const actions = await actionsFor(c, u, diagnostic);
      const texts = new Map([[ws.uri('target.yaml'), target()], [u, current]]);
      const results = applyEach(c, actions, texts);
      actions.forEach((a, i) => {
        if (a.title.startsWith('Change selector')) assert.strictEqual(results[i].get(u), current.replace('app: webb', 'app: web'), a.title);
        else assert.strictEqual(results[i].get(u), current, `${a.title} changed the policy`);
      });
    });
  });
});
