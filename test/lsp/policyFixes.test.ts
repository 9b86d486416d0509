// The quick fixes of the policy lints (add to policyTypes, add a UDP entry for
// a DNS port) over stdio, on the built server: in block and flow style, CRLF
// and commented files, every fix offered is applied like an editor would;
// the lines outside the edit stay byte-identical, comments stay, the YAML
// still parses, and once the document has the fixed text the diagnostic goes.
import * as assert from 'assert';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parseAllDocuments } from 'yaml';
import { applyWorkspaceEdit, assertOutsideLinesKept, editsByUri, hashCount } from './applyEdits';
import { LspTestClient } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const RULES = ['netpol/ignored-rules', 'netpol/egress-only-denies-ingress', 'netpol/empty-egress-ignored', 'netpol/dns-port-without-udp'];

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      containers: [{name: main, image: api}]
`;

function policy(name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\n${spec}`;
}

/** File name -> text: each policy has one finding of one of RULES (the name says which). */
const FILES: Record<string, string> = {
  'ignored-block.yaml': policy('ignored-block', `spec:\n  podSelector: {}   # all pods\n  policyTypes:\n  - Ingress # ingress only?\n  ingress: [{}]\n  egress:\n  - to: [{podSelector: {}}]\n`),
  'ignored-flow.yaml': policy('ignored-flow', `spec: {podSelector: {}, policyTypes: [Egress], ingress: [{}], egress: [{}]}\n`),
  'ignored-crlf.yaml': policy('ignored-crlf', `spec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n  ingress:\n    - {}\n  egress:\n    - {}\n`).replace(/\n/g, '\r\n'),
  'egress-only-block.yaml': policy('egress-only-block', `spec:\n  podSelector:\n    matchLabels: {app: api}\n  # egress to anything, for now\n  egress:\n    - {}\n`),
  'egress-only-crlf.yaml': policy('egress-only-crlf', `spec:\n  podSelector: {}\n  egress:\n  - {}\n`).replace(/\n/g, '\r\n'),
  'egress-only-flow.yaml': policy('egress-only-flow', `spec: {podSelector: {}, egress: [{}]}  # flow\n`),
  'empty-egress-block.yaml': policy('empty-egress-block', `spec:\n  podSelector: {}\n  ingress: []\n  egress: [] # deny all?\n`),
  'empty-egress-types.yaml': policy('empty-egress-types', `spec:\n  podSelector: {}\n  policyTypes: []\n  egress: []\n`).replace(/\n/g, '\r\n'),
  'dns-block.yaml': policy('dns-block', `spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {}\n    ports:\n    - port: 53 # dns\n    - port: 443\n`),
  'dns-flow.yaml': policy('dns-flow', `spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - {to: [{namespaceSelector: {}}], ports: [{port: 53}, {port: 443}]}\n`),
  'dns-crlf.yaml': policy('dns-crlf', `spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - {port: dns}   # named\n`).replace(/\n/g, '\r\n'),
};

const VERSIONED_EDITS = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
};

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((d) => d.errors.map((e) => e.code));
}

describe('quick fixes of the policy lints over LSP', function () {
  this.timeout(60000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-policyfix-');
    ws.write('workloads.yaml', WORKLOADS);
    for (const [rel, text] of Object.entries(FILES)) ws.write(rel, text);
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {}, capabilities: VERSIONED_EDITS });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  for (const [rel, original] of Object.entries(FILES)) {
    it(`${rel}: the fix keeps everything outside its edit and clears the diagnostic`, async () => {
      const uri = ws.uri(rel);
      await client.open(uri, original);
      const published = await client.waitForVersion(uri, 20000);
      const ruleId = RULES.find((r) => rel.startsWith(r.replace('netpol/', '').split('-')[0]))!;
      const mine = published.diagnostics.filter((d) => RULES.includes(String(d.code)));
      assert.deepStrictEqual(
        mine.map((d) => d.code),
        [ruleId],
        `${rel}: ${JSON.stringify(published.diagnostics.map((d) => [d.code, d.message]))}`,
      );
      const diagnostic: Diagnostic = mine[0];
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
      assert.strictEqual(actions.length, 1, `${rel}: actions ${JSON.stringify(actions.map((a) => a.title))}`);
      const action = actions[0];
      assert.ok(action.edit, 'the action has an edit');
      const byUri = editsByUri(action.edit!);
      assert.deepStrictEqual([...byUri.keys()], [uri], 'only the policy file is edited');
      const after = applyWorkspaceEdit(new Map([[uri, original]]), action.edit!).get(uri)!;
      assertOutsideLinesKept(original, after, byUri.get(uri)!, `${rel} "${action.title}"`);
      assert.strictEqual(hashCount(after), hashCount(original), 'no comment lost');
      assert.deepStrictEqual(yamlErrors(after), [], 'the YAML still parses');
      assert.strictEqual(after.length > original.length, true, 'an insertion');
      await client.change(uri, [{ text: after }]);
      const fixed = await client.waitForVersion(uri, 20000);
      assert.deepStrictEqual(
        fixed.diagnostics.filter((d) => RULES.includes(String(d.code))).map((d) => d.code),
        [],
        `${rel}: after "${action.title}":\n${after}`,
      );
      assert.deepStrictEqual(
        fixed.diagnostics.filter((d) => d.severity === 1).map((d) => d.message),
        [],
        'no error after the fix',
      );
      await client.close(uri);
    });
  }
});
