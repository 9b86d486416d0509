// Issue #3 as the user meets it in examples/three-tier: hovers that list the
// workloads a selector matches, a warning when an edit breaks a selector, and
// the "Add label ..." quick fix that repairs it in the workload's file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fileUri, hoverTexts, netpolDiagnostics, openDoc, positionOf, replaceText, ruleId, summarize, waitFor, waitForDiagnostics } from './util';

const POLICY = 'three-tier/db-policy.yaml';
const BACKEND = 'three-tier/backend.yaml';
const RULE = 'netpol/selector-matches-nothing';

/** Hover text at the nth `podSelector` key of db-policy once it matches `re` (the index may still be loading). */
async function hoverOver(occurrence: number, re: RegExp): Promise<string> {
  const uri = fileUri(POLICY);
  const pos = await positionOf(uri, 'podSelector', occurrence);
  let last = '';
  return waitFor(() => `a hover matching ${re} over podSelector #${occurrence + 1} (last: ${JSON.stringify(last)})`, async () => {
    last = await hoverTexts(uri, pos);
    return re.test(last) && last;
  }, 40_000);
}

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
    const text = await hoverOver(0, /Deployment\W+db\b/);
    assert.doesNotMatch(text, /Deployment\W+(backend|frontend)\b/, text);
  });

  it("hover over the ingress peer's podSelector lists Deployment backend", async () => {
    const text = await hoverOver(1, /Deployment\W+backend\b/);
    assert.doesNotMatch(text, /Deployment\W+(db|frontend)\b/, text);
  });

  it('a wrong label value gets a warning, and "Add label ..." fixes it in backend.yaml', async () => {
    const policy = fileUri(POLICY);
    const backend = fileUri(BACKEND);
    assert.deepStrictEqual(summarize(netpolDiagnostics(policy)), [], 'db-policy starts clean');

    // The user mistypes the peer's label value.
    const t0 = Date.now();
    await replaceText(policy, 'app: backend', 'app: backnd', 'from:');
    const [warning] = await waitForDiagnostics(policy, (d) => d.some((x) => ruleId(x) === RULE), `a ${RULE} warning`, 10_000).then((d) =>
      d.filter((x) => ruleId(x) === RULE),
    );
    console.log(`    (warning after ${Date.now() - t0} ms)`);
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(warning.message, 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?');
    // It points into the peer (line 24, `podSelector:` of the ingress rule, or its labels below).
    assert.ok(warning.range.start.line >= 22 && warning.range.start.line <= 25, `range ${JSON.stringify(warning.range)}`);

    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', policy, warning.range)) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Change selector to app=backend'), `titles: ${JSON.stringify(titles)}`);
    const add = actions.find((a) => /^Add label app=backnd to Deployment backend \(backend\.yaml\)$/.test(a.title));
    assert.ok(add, `an "Add label app=backnd to Deployment backend (backend.yaml)" action among ${JSON.stringify(titles)}`);
    assert.ok(add.edit, 'the action carries a WorkspaceEdit');
    // The edit touches backend.yaml only.
    assert.deepStrictEqual(add.edit.entries().map(([u]) => u.toString()), [backend.toString()]);

    const before = originals.get(BACKEND)!;
    assert.ok(await vscode.workspace.applyEdit(add.edit), 'quick fix applied');
    const after = (await vscode.workspace.openTextDocument(backend)).getText();
    assert.notStrictEqual(after, before);
    // The pod template's labels now carry app=backnd; the comments are kept.
    const template = after.slice(after.indexOf('template:'));
    assert.match(template.slice(0, template.indexOf('spec:')), /labels:\n(\s+\w+: \w+\n)*\s+app: backnd\n/);
    for (const comment of before.split('\n').filter((l) => l.trim().startsWith('#'))) assert.ok(after.includes(comment), `comment kept: ${comment}`);

    await waitForDiagnostics(policy, (d) => !d.some((x) => ruleId(x) === RULE), 'the warning to go away', 10_000);
  });
});
