// Issue #3 as the user meets it in examples/three-tier: hovers that list the
// workloads a selector matches, a warning when an edit breaks a selector, and
// the "Add label ..." quick fix that repairs it in the workload's file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fileUri, hoverTexts, netpolDiagnostics, openDoc, positionOf, replaceText, ruleId, summarize, waitFor, waitForDiagnostics } from './util';

const POLICY = 'three-tier/db-policy.yaml';
const BACKEND = 'three-tier/backend.yaml';
const RULE = 'netpol/selector-matches-nothing';

/**
 * Hover text over the `podSelector` key in the first line of db-policy that
 * contains `lineText` (the comments above mention podSelector too), once it
 * matches `re` (the index may still be loading).
 */
async function hoverOver(lineText: string, re: RegExp): Promise<string> {
  const uri = fileUri(POLICY);
  const line = await positionOf(uri, lineText);
  const pos = (await positionOf(uri, 'podSelector', 0, line.line)).translate(0, 2);
  let last = '';
  return waitFor(() => `a hover matching ${re} over ${JSON.stringify(lineText.trim())} (last: ${JSON.stringify(last)})`, async () => {
    last = await hoverTexts(uri, pos);
    return re.test(last) && last;
  }, 40_000);
}

/** The one selector-matches-nothing warning of a file, within a few seconds of an edit. */
async function warningOf(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  const d = await waitForDiagnostics(uri, (x) => x.some((y) => ruleId(y) === RULE), `a ${RULE} warning`, 10_000);
  const w = d.filter((x) => ruleId(x) === RULE);
  assert.strictEqual(w.length, 1, summarize(d).join('\n'));
  return w[0];
}

const codeActions = async (uri: vscode.Uri, d: vscode.Diagnostic) =>
  (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];

describe('selectors resolved against the workspace (issue #3)', () => {
  const originals = new Map<string, string>();

  before(async () => {
    await activateExtension();
    await openDoc(POLICY);
    for (const rel of [POLICY, BACKEND]) originals.set(rel, (await vscode.workspace.openTextDocument(fileUri(rel))).getText());
  });

  // Leave the workspace as we found it for the suites that follow.
  after(async () => {
    for (const [rel, text] of originals) {
      const doc = await vscode.workspace.openTextDocument(fileUri(rel));
      if (doc.getText() === text) continue;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    }
  });

  it("hover over the policy's podSelector lists Deployment db", async () => {
    const text = await hoverOver('\n  podSelector:\n', /Deployment\W+db\b/);
    assert.doesNotMatch(text, /Deployment\W+(backend|frontend)\b/, text);
  });

  it("hover over the ingress peer's podSelector lists Deployment backend", async () => {
    const text = await hoverOver('- podSelector:', /Deployment\W+backend\b/);
    assert.doesNotMatch(text, /Deployment\W+(db|frontend)\b/, text);
  });

  it('a mistyped label value gets a warning naming the nearest label; "Change selector to ..." fixes it', async () => {
    const policy = fileUri(POLICY);
    assert.deepStrictEqual(summarize(netpolDiagnostics(policy)), [], 'db-policy starts clean');

    const t0 = Date.now();
    await replaceText(policy, 'app: backend', 'app: backnd', 'from:');
    const warning = await warningOf(policy);
    console.log(`    (warning ${Date.now() - t0} ms after the edit)`);
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(warning.message, 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?');
    // On the mistyped value (line 25 of db-policy.yaml).
    const doc = await vscode.workspace.openTextDocument(policy);
    assert.strictEqual(warning.range.start.line, 24);
    assert.match(doc.getText(warning.range), /backnd/);

    const actions = await codeActions(policy, warning);
    const titles = actions.map((a) => a.title);
    // The label exists with another value on the backend: setting it is offered, flagged as a replacement.
    assert.ok(titles.includes('Set label app=backnd on Deployment backend (backend.yaml), replacing app=backend'), JSON.stringify(titles));
    const change = actions.find((a) => a.title === 'Change selector to app=backend');
    assert.ok(change?.edit, `"Change selector to app=backend" among ${JSON.stringify(titles)}`);
    assert.deepStrictEqual(change.edit.entries().map(([u]) => u.toString()), [policy.toString()]);
    assert.ok(await vscode.workspace.applyEdit(change.edit));
    assert.strictEqual(doc.getText(), originals.get(POLICY), 'the fix restores the original text');
    await waitForDiagnostics(policy, (d) => d.length === 0, 'the warning to go away', 10_000);
  });

  it('a label no workload has gets a warning; "Add label ..." adds it in backend.yaml and the warning goes away', async () => {
    const policy = fileUri(POLICY);
    const backend = fileUri(BACKEND);
    await waitForDiagnostics(policy, (d) => d.length === 0, 'db-policy clean');

    // The user adds a requirement (role=api) to the peer that the backend pods lack.
    const doc = await vscode.workspace.openTextDocument(policy);
    const line = doc.getText().split('\n').find((l) => /^\s+app: backend$/.test(l))!;
    const indent = /^\s*/.exec(line)![0];
    const t0 = Date.now();
    await replaceText(policy, 'app: backend', `app: backend\n${indent}role: api`, 'from:');
    const warning = await warningOf(policy);
    console.log(`    (warning ${Date.now() - t0} ms after the edit: ${warning.message})`);
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /^no workload in namespace shop has role=api\b/);
    assert.strictEqual(warning.range.start.line, 25, 'on the new role: api line');

    const actions = await codeActions(policy, warning);
    const titles = actions.map((a) => a.title);
    const add = actions.find((a) => a.title === 'Add label role=api to Deployment backend (backend.yaml)');
    assert.ok(add?.edit, `"Add label role=api to Deployment backend (backend.yaml)" among ${JSON.stringify(titles)}`);
    // The edit touches backend.yaml only.
    assert.deepStrictEqual(add.edit.entries().map(([u]) => u.toString()), [backend.toString()]);

    const before = originals.get(BACKEND)!;
    assert.ok(await vscode.workspace.applyEdit(add.edit), 'quick fix applied');
    const after = (await vscode.workspace.openTextDocument(backend)).getText();
    // Exactly one new line, in the pod template's labels, in the file's indentation; all else (comments too) unchanged.
    const templateLabels = '      labels:\n        app: backend\n        tier: backend\n';
    assert.ok(before.includes(templateLabels));
    assert.strictEqual(after, before.replace(templateLabels, `${templateLabels}        role: api\n`));

    await waitForDiagnostics(policy, (d) => d.length === 0, 'the warning to go away', 10_000);
  });
});
