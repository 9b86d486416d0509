// The lints' quick fixes over stdio, through the built server: for each rule,
// block and flow style, LF and CRLF, with comments, the offered fix is
// applied, the lines outside it stay byte-identical, no comment goes away,
// and after the change the server publishes no finding of that rule.
import * as assert from 'assert';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, assertOutsideLinesKept, editsByUri, hashCount } from './applyEdits';
import { LspTestClient } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata:
  name: frontend
  labels:
    team: web
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: frontend
  labels:
    app: web
spec:
  containers:
  - name: web
    image: web:1
`;

const API_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\n  labels:\n    app: api\nspec:\n  containers:\n  - name: api\n    image: api:1\n';

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p # the policy\n  namespace: shop\nspec:\n';

const CASES: { name: string; rule: string; text: string }[] = [
  { name: 'dns block', rule: 'netpol/dns-egress-blocked', text: HEAD + '  podSelector:\n    matchLabels:\n      app: api\n  policyTypes:\n  - Egress # isolate\n  egress:\n  - to:\n    - podSelector: {}\n' },
  { name: 'dns flow', rule: 'netpol/dns-egress-blocked', text: HEAD + '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]  # deny all\n' },
  { name: 'peer namespace block', rule: 'netpol/peer-selector-wrong-namespace', text: HEAD + '  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n  - from:\n    # the web pods\n    - podSelector:\n        matchLabels:\n          app: web\n' },
  { name: 'peer namespace flow', rule: 'netpol/peer-selector-wrong-namespace', text: HEAD + '  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}] # web\n' },
  { name: 'set namespace', rule: 'netpol/policy-selects-other-namespace', text: HEAD.replace('  namespace: shop\n', '') + '  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - {} # all\n' },
  { name: 'merge block', rule: 'netpol/peers-or-not-and', text: HEAD + '  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: web\n    - podSelector: # web\n        matchLabels:\n          app: web\n' },
  { name: 'merge flow', rule: 'netpol/peers-or-not-and', text: HEAD + '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: web}}}, {podSelector: {matchLabels: {app: web}}}] # or\n' },
];

describe('LSP: quick fixes of the lints', function () {
  this.timeout(60000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  const files: { rel: string; rule: string; text: string }[] = [];

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-lintfix-');
    ws.write('workloads.yaml', WORKLOADS);
    CASES.forEach((c, i) => {
      for (const crlf of [false, true]) {
        const rel = `p${i}${crlf ? '.crlf' : ''}.yaml`;
        // Each file in its own namespace (with its own api pod): fixing one policy must not silence another.
        const ns = `shop${i}${crlf ? 'c' : ''}`;
        ws.write(`api-${ns}.yaml`, API_POD.replace('namespace: shop', `namespace: ${ns}`));
        // The CRLF twin gets its own name too: a case in another namespace than shop would otherwise be a duplicate policy.
        const named = crlf ? c.text.replace(/^(  name: )(\S+)/m, '$1$2-crlf') : c.text;
        const text = (crlf ? named.replace(/\n/g, '\r\n') : named).replace('namespace: shop', `namespace: ${ns}`);
        ws.write(rel, text);
        files.push({ rel, rule: c.rule, text });
      }
    });
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {} });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('applies each fix, keeps the rest of the file, and the finding goes', async () => {
    for (const f of files) {
      const uri = ws.uri(f.rel);
      await client.open(uri, f.text);
      const published = await client.waitForVersion(uri, 20000);
      const diagnostics = published.diagnostics.filter((d: Diagnostic) => d.code === f.rule);
      assert.strictEqual(diagnostics.length, 1, `${f.rel}: one ${f.rule} in ${JSON.stringify(published.diagnostics.map((d) => [d.code, d.message]))}`);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics, only: ['quickfix'] },
      });
      assert.ok(actions.length >= 1, `${f.rel}: a fix offered`);
      const edit = actions[0].edit!;
      const edits = editsByUri(edit).get(uri)!;
      assert.ok(edits && edits.length > 0, `${f.rel}: edits the policy file`);
      assert.deepStrictEqual([...editsByUri(edit).keys()], [uri], `${f.rel}: no other file`);
      const after = applyWorkspaceEdit(new Map([[uri, f.text]]), edit).get(uri)!;
      assertOutsideLinesKept(f.text, after, edits, f.rel);
      assert.strictEqual(hashCount(after), hashCount(f.text), `${f.rel}: comments kept`);
      const version = await client.change(uri, [{ text: after }]);
      const republished = await client.waitForVersion(uri, 20000);
      assert.strictEqual(republished.version, version);
      assert.deepStrictEqual(
        republished.diagnostics.filter((d: Diagnostic) => d.code === f.rule || d.severity === 1).map((d) => d.message),
        [],
        `${f.rel}: finding gone, no error, after:\n${after}`,
      );
    }
  });
});
