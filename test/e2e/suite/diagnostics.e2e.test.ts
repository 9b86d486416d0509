// What the user sees first: the extension activates in a real VS Code and the
// server's diagnostics reach the editor for a broken policy, not for a correct one.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fileUri, netpolDiagnostics, openDoc, replaceText, ruleId, sleep, summarize, waitForDiagnostics } from './util';

const PORTS = 'mistakes/04-ports.yaml';
const DB_POLICY = 'three-tier/db-policy.yaml';

describe('diagnostics in a real VS Code', () => {
  it('activates the extension', async () => {
    const ext = await activateExtension();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(ext.packageJSON.name, 'netpol-inspector');
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
