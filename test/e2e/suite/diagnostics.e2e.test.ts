// What the user sees first: the extension activates in a real VS Code and the
// server's diagnostics reach the editor for a broken policy, not for a correct one.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fileUri, netpolDiagnostics, openDoc, replaceText, ruleId, sleep, summarize, waitForDiagnostics } from './util';

const PORTS = 'mistakes/04-ports.yaml';
const DB_POLICY = 'three-tier/db-policy.yaml';
const BACKEND = 'three-tier/backend.yaml';
/** Never opened by any suite: its findings can only come from the workspace diagnostics. */
const POLICY_TYPES = 'mistakes/06-policy-types.yaml';

const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

describe('diagnostics in a real VS Code', () => {
  it('activates the extension', async () => {
    const ext = await activateExtension();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(ext.packageJSON.name, 'netpol-inspector');
  });

  it('lists the findings of a file that was never opened (workspace diagnostics), before any file is opened', async () => {
    const uri = fileUri(POLICY_TYPES);
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.fsPath), [], 'no file is open yet');
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleId(x) === 'netpol/too-many-policy-types'), 'the findings of the closed 06-policy-types.yaml', 60_000);
    assert.ok(!isOpen(uri), `${POLICY_TYPES} stayed closed`);
    const lines = summarize(diags);
    for (const want of [
      '11:5 netpol/invalid-policy-type spec.policyTypes[1]: Unsupported value: "egress": supported values: "Ingress", "Egress"',
      '20:16 netpol/too-many-policy-types spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    ]) {
      assert.ok(lines.includes(want), `expected\n  ${want}\namong\n  ${lines.join('\n  ')}`);
    }
  });

  it("updates a closed policy's entry after an edit of the Deployment it selects, in another file", async () => {
    const policy = fileUri(DB_POLICY);
    const backend = fileUri(BACKEND);
    assert.ok(!isOpen(policy), `${DB_POLICY} is not open`);
    await openDoc(BACKEND);
    // The pod template's label (8 spaces deep: not the metadata, the selector or the comment), the one db-policy.yaml's ingress peer selects.
    const t0 = Date.now();
    await replaceText(backend, '        app: backend', '        app: api', 'template:');
    const warned = await waitForDiagnostics(policy, (d) => d.some((x) => ruleId(x) === 'netpol/selector-matches-nothing'), 'the warning on the closed db-policy.yaml');
    assert.deepStrictEqual(summarize(warned), ['25:15 netpol/selector-matches-nothing no workload in namespace shop has app=backend; existing values: app=api, app=db, app=frontend']);
    console.log(`    (closed policy's warning ${Date.now() - t0} ms after the edit)`);
    assert.ok(!isOpen(policy), `${DB_POLICY} stayed closed`);
    const t1 = Date.now();
    await replaceText(backend, '        app: api', '        app: backend', 'template:');
    await waitForDiagnostics(policy, (d) => d.length === 0, 'the warning gone after the undo');
    console.log(`    (and gone ${Date.now() - t1} ms after the undo)`);
    const doc = await vscode.workspace.openTextDocument(backend);
    assert.ok(await doc.save(), 'saved back unchanged');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('lists the rule ids and messages of a broken policy (mistakes/04-ports.yaml)', async () => {
    const uri = fileUri(PORTS);
    await openDoc(PORTS);
    // Every validation error of the file arrives in one publish.
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleId(x) === 'netpol/invalid-end-port'), 'the 04-ports findings', 60_000);
    const lines = summarize(diags);
    // Exact values the file's comments promise (1-based line:column like the CLI).
    for (const want of [
      '17:17 netpol/invalid-protocol spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
      '19:13 netpol/invalid-port spec.ingress[0].ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      '20:13 netpol/invalid-port-name spec.ingress[0].ports[2].port: Invalid value: "8080": must contain at least one letter (a-z)',
      '25:16 netpol/invalid-end-port spec.egress[0].ports[0].endPort: Invalid value: 32000: must be greater than or equal to `port`',
    ]) {
      assert.ok(lines.includes(want), `expected\n  ${want}\namong\n  ${lines.join('\n  ')}`);
    }
    // Validation errors are errors; the range covers the offending value.
    const port = diags.find((d) => ruleId(d) === 'netpol/invalid-port')!;
    assert.strictEqual(port.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(vscode.window.activeTextEditor!.document.getText(port.range), '70000');
    // Two findings on the one bad port name (too long, bad characters).
    assert.strictEqual(diags.filter((d) => d.range.start.line === 20 && ruleId(d) === 'netpol/invalid-port-name').length, 2);
  });

  it('shows nothing for the correct three-tier example', async () => {
    const uri = fileUri(DB_POLICY);
    const editor = await openDoc(DB_POLICY);
    // Absence has no event to wait for, so prove the server is analysing this
    // file: break a port, see the error, undo, and see the list become empty.
    await replaceText(uri, 'port: 3306', 'port: 70000');
    await waitForDiagnostics(uri, (d) => d.some((x) => ruleId(x) === 'netpol/invalid-port'), 'the injected invalid-port');
    await replaceText(uri, 'port: 70000', 'port: 3306');
    await waitForDiagnostics(uri, (d) => d.length === 0, 'no diagnostics after the undo');
    assert.ok(await editor.document.save(), 'saved back unchanged');
    // ...and it stays empty (no late publish from another source).
    for (let i = 0; i < 5; i++) {
      assert.deepStrictEqual(summarize(netpolDiagnostics(uri)), []);
      await sleep(200);
    }
  });
});
