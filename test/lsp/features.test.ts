// The index-based features over stdio, on a workspace folder on disk
// (examples/three-tier plus extra files): hover texts, definition and
// references locations, code lenses, document symbols, completion items,
// and quick fixes whose WorkspaceEdit is applied to the file text.
import * as assert from 'assert';
import type { CodeAction, CodeLens, CompletionList, DocumentSymbol, Hover, Location, Position, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, summarize } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const WARNING = 2;

describe('LSP features over the workspace index', function () {
  this.timeout(30000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  let policy: string;
  let backend: string;

  before(async () => {
    ws = WorkspaceFixture.create();
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { exclude: ['vendor/**'] } });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
    policy = ws.uri('db-policy.yaml');
    backend = ws.uri('backend.yaml');
    await client.open(policy, ws.read('db-policy.yaml'));
    await client.open(backend, ws.read('backend.yaml'));
    await client.waitForVersion(policy);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  /** Position of the `occurrence`-th `search` in an open document, `shift` characters in. */
  const at = (uri: string, search: string, occurrence = 0, shift = 1): Position => {
    const r = client.rangeOf(uri, search, occurrence);
    return { line: r.start.line, character: r.start.character + shift };
  };
  const hover = async (uri: string, position: Position) => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    return h && { value: (h.contents as { value: string }).value, range: h.range };
  };
  const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

  describe('hover', () => {
    it("lists the workloads the policy's podSelector selects, with links to file and line", async () => {
      assert.deepStrictEqual(await hover(policy, at(policy, 'podSelector:', 0)), {
        value: `**1 workload** selected by \`app=db\` in namespace \`shop\`\n\n- Deployment **db** in [db.yaml:6](${ws.uri('db.yaml')}#L6) (namespace \`shop\`)`,
        range: range(15, 2, 18, 0),
      });
    });

    it('lists the backend over the ingress peer', async () => {
      assert.deepStrictEqual(await hover(policy, at(policy, 'podSelector:', 1)), {
        value: `**1 workload** selected by \`app=backend\` in namespace \`shop\`\n\n- Deployment **backend** in [backend.yaml:5](${backend}#L5) (namespace \`shop\`)`,
        range: range(22, 10, 25, 0),
      });
    });

    it("says what the policy does in plain words over its name and its kind", async () => {
      const expected =
        '**NetworkPolicy db-policy** (namespace `shop`)\n\n' +
        '**Ingress:** Pods app=db in shop accept ingress only from app=backend in shop on TCP 3306; all other ingress to them is denied.\n\n' +
        '**Egress:** not restricted by this policy.';
      assert.deepStrictEqual(await hover(policy, at(policy, 'name: db-policy', 0, 8)), { value: expected, range: range(12, 8, 12, 17) });
      assert.deepStrictEqual(await hover(policy, at(policy, 'kind: NetworkPolicy', 0, 8)), { value: expected, range: range(10, 6, 10, 19) });
    });

    it("gives a workload's effective ingress and egress over its name", async () => {
      assert.deepStrictEqual(await hover(backend, at(backend, 'name: backend', 0, 7)), {
        value:
          '**Deployment backend** (namespace `shop`)\n\n' +
          '**Ingress:** shop/backend is not isolated for ingress (no policy selects it): all ingress is allowed.\n\n' +
          '**Egress:** shop/backend is isolated for egress by backend-egress; it may send egress only to app=db in shop on TCP port named mysql (backend-egress), ' +
          'or to all pods in namespace kube-system on UDP 53, TCP 53 (backend-egress); all other egress is denied.',
        range: range(4, 8, 4, 15),
      });
    });

    it("lists the policies selecting a workload over its pod labels", async () => {
      // Occurrence 3: the pod template's labels (0: metadata, 1: selector, 2: a comment).
      const h = await hover(backend, at(backend, 'app: backend', 3));
      assert.deepStrictEqual(
        h?.value,
        '**Deployment backend**: selected by 1 policy\n\n' +
          `- **backend-egress** in [backend-egress.yaml:8](${ws.uri('extra/backend-egress.yaml')}#L8) (namespace \`shop\`)\n\n` +
          'Named as a peer by 1 rule:\n' +
          `- **db-policy** in [db-policy.yaml:23](${policy}#L23) (namespace \`shop\`, from)`,
      );
    });

    it('answers null away from selectors, names and labels', async () => {
      assert.strictEqual(await hover(policy, at(policy, '3306', 0)), null);
    });
  });

  describe('navigation', () => {
    it('goes from a peer selector to the workload it selects', async () => {
      const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: policy }, position: at(policy, 'podSelector:', 1) });
      assert.deepStrictEqual(locations, [{ uri: backend, range: range(4, 8, 4, 15) }]);
    });

    it('goes from the policy podSelector to the db Deployment', async () => {
      const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: policy }, position: at(policy, 'app: db', 0) });
      assert.deepStrictEqual(locations, [{ uri: ws.uri('db.yaml'), range: range(5, 8, 5, 10) }]);
    });

    it('finds the selectors that select a workload: policy podSelectors first, then peers', async () => {
      const locations = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri: backend },
        position: at(backend, 'name: backend', 0, 7),
        context: { includeDeclaration: true },
      });
      assert.deepStrictEqual(locations, [
        { uri: ws.uri('extra/backend-egress.yaml'), range: range(7, 2, 10, 0) },
        { uri: policy, range: range(22, 10, 25, 0) },
      ]);
    });
  });

  it('puts a CodeLens with the count of selected workloads over each policy', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: policy } });
    assert.deepStrictEqual(lenses, [{ range: range(9, 0, 9, 0), command: { title: 'selects 1 workload', command: '' } }]);
  });

  it('lists the objects of a file as document symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: backend } });
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.detail, s.kind, s.range, s.selectionRange]),
      [
        ['Deployment backend', 'namespace shop', 5, range(1, 0, 27, 0), range(4, 8, 4, 15)],
        ['Service backend', 'namespace shop', 19, range(28, 0, 40, 0), range(31, 8, 31, 15)],
      ],
    );
  });

  describe('completion', () => {
    it('offers the values of key app that pods in the namespace carry (excluded and node_modules files not counted)', async () => {
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: policy }, position: at(policy, 'app: backend', 0, 5) });
      assert.strictEqual(list.isIncomplete, false);
      assert.deepStrictEqual(
        list.items.map((i) => [i.label, i.detail, (i.textEdit as TextEdit).newText, (i.textEdit as TextEdit).range]),
        [
          ['backend', '1 workload in shop', 'backend', range(24, 19, 24, 26)],
          ['db', '1 workload in shop', 'db', range(24, 19, 24, 26)],
          ['frontend', '1 workload in shop', 'frontend', range(24, 19, 24, 26)],
        ],
      );
    });

    it('inserts a space before the value right after "key:"', async () => {
      await client.replace(policy, 'app: backend', 'app:');
      try {
        const colon = client.rangeOf(policy, 'app:', 1).end;
        const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: policy }, position: colon, context: { triggerKind: 2, triggerCharacter: ':' } });
        assert.deepStrictEqual(
          list.items.map((i) => [i.label, (i.textEdit as TextEdit).newText, (i.textEdit as TextEdit).range]),
          [
            ['backend', ' backend', { start: colon, end: colon }],
            ['db', ' db', { start: colon, end: colon }],
            ['frontend', ' frontend', { start: colon, end: colon }],
          ],
        );
      } finally {
        await client.replace(policy, 'app:', 'app: backend', 1);
        assert.strictEqual(client.text(policy), ws.read('db-policy.yaml'));
      }
    });

    it('offers the label keys, with ": " to insert', async () => {
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: policy }, position: at(policy, 'app: backend', 0, 0) });
      assert.deepStrictEqual(
        list.items.map((i) => [i.label, (i.textEdit as TextEdit).newText]),
        [
          ['app', 'app'],
          ['tier', 'tier'],
        ],
      );
    });
  });

  describe('quick fixes', () => {
    const original = () => ws.read('db-policy.yaml');

    afterEach(async () => {
      // Back to the file as on disk, and its clean diagnostics.
      await client.change(policy, [{ text: original() }]);
      await client.waitForDiagnostics(policy, (p) => p.version === client.version(policy) && p.diagnostics.length === 0);
    });

    async function breakPeer(replacement: string) {
      await client.replace(policy, 'app: backend', replacement);
      const version = client.version(policy);
      return client.waitForDiagnostics(policy, (p) => p.version === version && p.diagnostics.length > 0);
    }

    async function actionsFor(published: Awaited<ReturnType<typeof breakPeer>>): Promise<CodeAction[]> {
      return client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: policy },
        range: published.diagnostics[0].range,
        context: { diagnostics: published.diagnostics, only: ['quickfix'] },
      });
    }

    function applied(action: CodeAction, uri: string, text: string): string {
      const edits = action.edit?.changes?.[uri];
      assert.ok(edits, `no edits for ${uri} in ${JSON.stringify(action.edit)}`);
      assert.deepStrictEqual(Object.keys(action.edit!.changes!), [uri]);
      return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
    }

    it('warns when the peer label is misspelt, naming the nearest existing label', async () => {
      const published = await breakPeer('app: backnd');
      assert.deepStrictEqual(summarize(published), [
        {
          code: 'netpol/selector-matches-nothing',
          severity: WARNING,
          message: 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?',
          range: [24, 14, 24, 25],
        },
      ]);
    });

    it('"Change selector to app=backend" restores the policy text exactly', async () => {
      const published = await breakPeer('app: backnd');
      const actions = await actionsFor(published);
      assert.deepStrictEqual(
        actions.map((a) => [a.title, a.kind]),
        [
          ['Set label app=backnd on Deployment backend (backend.yaml), replacing app=backend', 'quickfix'],
          ['Set label app=backnd on Deployment db (db.yaml), replacing app=db', 'quickfix'],
          ['Set label app=backnd on Deployment frontend (frontend.yaml), replacing app=frontend', 'quickfix'],
          ['Change selector to app=backend', 'quickfix'],
        ],
      );
      assert.deepStrictEqual(actions[3].diagnostics, published.diagnostics);
      assert.strictEqual(applied(actions[3], policy, client.text(policy)), original());
    });

    it('"Add label team=payments to Deployment backend" edits the pod template of the other file, comments and blank lines kept', async () => {
      const published = await breakPeer('app: backend\n              team: payments');
      assert.deepStrictEqual(summarize(published).map((d) => [d.code, d.range]), [['netpol/selector-matches-nothing', [25, 14, 25, 28]]]);
      const actions = await actionsFor(published);
      assert.strictEqual(actions[0].title, 'Add label team=payments to Deployment backend (backend.yaml)');
      // backend.yaml is open: the edit applies to the open text (here equal to the disk text).
      const before = client.text(backend);
      const expected = before.replace('        app: backend\n        tier: backend\n    spec:', '        app: backend\n        tier: backend\n        team: payments\n    spec:');
      assert.notStrictEqual(expected, before);
      assert.strictEqual(applied(actions[0], backend, before), expected);
    });

    it('edits a file that is not open from its disk text', async () => {
      const published = await breakPeer('app: frontend\n              team: payments');
      const actions = await actionsFor(published);
      assert.strictEqual(actions[0].title, 'Add label team=payments to Deployment frontend (frontend.yaml)');
      const disk = ws.read('frontend.yaml');
      const expected = disk.replace('        app: frontend\n        tier: frontend\n    spec:', '        app: frontend\n        tier: frontend\n        team: payments\n    spec:');
      assert.notStrictEqual(expected, disk);
      assert.strictEqual(applied(actions[0], ws.uri('frontend.yaml'), disk), expected);
    });

    it('offers nothing for other rules or when only other kinds are asked for', async () => {
      const published = await breakPeer('app: backnd');
      const none = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: policy },
        range: published.diagnostics[0].range,
        context: { diagnostics: published.diagnostics, only: ['refactor'] },
      });
      assert.deepStrictEqual(none, []);
      const other = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: policy },
        range: published.diagnostics[0].range,
        context: { diagnostics: [{ ...published.diagnostics[0], code: 'netpol/invalid-port' }] },
      });
      assert.deepStrictEqual(other, []);
    });
  });
});

describe('LSP quick fixes for clients that take documentChanges', function () {
  this.timeout(30000);

  it('edits an open target document at its version', async () => {
    const ws = WorkspaceFixture.create();
    const client = await LspTestClient.start({
      workspaceFolders: ws.folders,
      settings: { exclude: ['vendor/**'] },
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true },
        },
      },
    });
    try {
      await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
      const policy = ws.uri('db-policy.yaml');
      const backend = ws.uri('backend.yaml');
      await client.open(backend, ws.read('backend.yaml'));
      // Version 2 of backend.yaml: an edit elsewhere in the file (a comment).
      await client.replace(backend, '# The API backend', '# The API service');
      await client.open(policy, ws.read('db-policy.yaml'));
      await client.replace(policy, 'app: backend', 'app: backend\n              team: payments');
      const published = await client.waitForDiagnostics(policy, (p) => p.version === client.version(policy) && p.diagnostics.length > 0);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: policy },
        range: published.diagnostics[0].range,
        context: { diagnostics: published.diagnostics },
      });
      assert.strictEqual(actions[0].title, 'Add label team=payments to Deployment backend (backend.yaml)');
      assert.deepStrictEqual(actions[0].edit, {
        documentChanges: [
          {
            textDocument: { uri: backend, version: 2 },
            edits: [{ range: { start: { line: 19, character: 21 }, end: { line: 19, character: 21 } }, newText: '\n        team: payments' }],
          },
        ],
      });
    } finally {
      await client.shutdown();
      ws.dispose();
    }
  });
});
