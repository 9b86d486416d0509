// Issue #11 in a real VS Code: a JSON manifest (`kubectl get -o json`) opened
// in the editor gets its diagnostics at the JSON text and hovers over its
// selectors; a package.json beside it gets nothing. The files are written into
// the scratch copy of examples/ and removed afterwards.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, hoverTexts, netpolDiagnostics, positionOf, ruleId, sleep, summarize, waitFor, waitForDiagnostics, workspaceRoot } from './util';

const POLICY = 'json-e2e/db-policy.json';
const PACKAGE = 'json-e2e/package.json';

const POLICY_TEXT = `{
  "apiVersion": "networking.k8s.io/v1",
  "kind": "NetworkPolicy",
  "metadata": {"name": "db-json", "namespace": "shop"},
  "spec": {
    "podSelector": {"matchLabels": {"app": "db"}},
    "ingress": [{"ports": [{"port": 70000}]}]
  }
}
`;

describe('JSON manifests in a real VS Code', () => {
  before(async () => {
    await activateExtension();
    fs.mkdirSync(path.join(workspaceRoot(), 'json-e2e'), { recursive: true });
    fs.writeFileSync(path.join(workspaceRoot(), POLICY), POLICY_TEXT);
    fs.writeFileSync(path.join(workspaceRoot(), PACKAGE), JSON.stringify({ name: 'x', version: '1.0.0', scripts: { kind: 'build' } }, null, 2));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(workspaceRoot(), 'json-e2e'), { recursive: true, force: true });
  });

  it('an open JSON policy gets its diagnostics, on the offending JSON value', async () => {
    const uri = fileUri(POLICY);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.languageId, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleId(x) === 'netpol/invalid-port'), 'the invalid-port error of the JSON policy', 60_000);
    assert.deepStrictEqual(summarize(diags), ['7:37 netpol/invalid-port spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    assert.strictEqual(doc.getText(diags[0].range), '70000');
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
  });

  it("hover over the JSON policy's podSelector lists Deployment db of the YAML files", async () => {
    const uri = fileUri(POLICY);
    const pos = (await positionOf(uri, '"podSelector"')).translate(0, 2);
    let last = '';
    const text = await waitFor(() => `a hover naming Deployment db (last: ${JSON.stringify(last)})`, async () => {
      last = await hoverTexts(uri, pos);
      return /Deployment \*\*db\*\*/.test(last) && last;
    }, 40_000);
    assert.match(text, /\*\*1 workload\*\* selected by `app=db` in namespace `shop`/);
  });

  it('an open package.json gets no netpol diagnostics', async () => {
    const uri = fileUri(PACKAGE);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    // The policy's diagnostics arrived long ago: give the server as long again to (wrongly) say something.
    await sleep(3000);
    assert.deepStrictEqual(netpolDiagnostics(uri), []);
  });
});
