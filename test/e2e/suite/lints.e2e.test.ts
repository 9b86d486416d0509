// The lints in a real VS Code (issue #10): a policy that blocks DNS and a
// `- namespaceSelector / - podSelector` pair meant as one peer get their
// findings, and their quick fixes (asked of the real code action provider,
// applied as the editor applies them) make the findings go. The files are
// written into this suite's own workspace copy, in namespaces of their own,
// from test/e2e/fixtures/lints (the UI test in run.mjs uses them too).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, openDoc, ruleId, waitForDiagnostics } from './util';

/** The repository, from out/test/e2e/suite. */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(REPO, 'test', 'e2e', 'fixtures', 'lints', name), 'utf8');

const WORKLOADS = fixture('workloads.yaml');

const DNS_POLICY = fixture('dns-policy.yaml');

const OR_POLICY = fixture('or-policy.yaml');

async function write(rel: string, text: string): Promise<vscode.Uri> {
  const uri = fileUri(rel);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/** Applies the quick fix titled like `title` for the diagnostic; returns the document's text after. */
async function applyFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: RegExp): Promise<string> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `a quick fix ${title} among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'edit applied');
  const doc = await vscode.workspace.openTextDocument(uri);
  assert.ok(await doc.save(), 'saved');
  return doc.getText();
}

describe('lints in a real VS Code', () => {
  let dns: vscode.Uri;
  let or: vscode.Uri;

  before(async () => {
    await activateExtension();
    await write('lints/workloads.yaml', WORKLOADS);
    dns = await write('lints/dns-policy.yaml', DNS_POLICY);
    or = await write('lints/or-policy.yaml', OR_POLICY);
    // File events for a new folder are not always delivered (seen in CI): open the workloads, so that
    // the server has them whatever the watcher does.
    await openDoc('lints/workloads.yaml');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const rel of ['lints/dns-policy.yaml', 'lints/or-policy.yaml', 'lints/workloads.yaml']) await vscode.workspace.fs.delete(fileUri(rel)).then(undefined, () => undefined);
  });

  it('warns that the egress policy blocks DNS; "Add the DNS egress rule" fixes it', async () => {
    await openDoc('lints/dns-policy.yaml');
    const diags = await waitForDiagnostics(dns, (d) => d.some((x) => ruleId(x) === 'netpol/dns-egress-blocked'), 'the DNS finding', 60_000);
    const d = diags.find((x) => ruleId(x) === 'netpol/dns-egress-blocked')!;
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /^api is egress-isolated by api-egress but no egress rule allows DNS \(UDP 53\) to kube-system\/k8s-app=kube-dns: every name lookup will time out/);
    assert.strictEqual(d.range.start.line, 9, 'on the policyTypes key');
    const text = await applyFix(dns, d, /^Add the DNS egress rule/);
    assert.strictEqual(
      text,
      DNS_POLICY +
        '  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n',
    );
    await waitForDiagnostics(dns, (all) => !all.some((x) => ruleId(x) === 'netpol/dns-egress-blocked'), 'the DNS finding gone');
  });

  it('warns that two peers are OR where AND was meant; "Merge into one peer" fixes it', async () => {
    await openDoc('lints/or-policy.yaml');
    const diags = await waitForDiagnostics(or, (d) => d.some((x) => ruleId(x) === 'netpol/peers-or-not-and'), 'the OR-vs-AND finding', 60_000);
    // One finding for the mistake: the more general ones on that peer are replaced.
    assert.deepStrictEqual(diags.map(ruleId), ['netpol/peers-or-not-and']);
    const d = diags[0];
    assert.match(d.message, /^namespaceSelector team=web and podSelector app=web are two peers \(OR\), not one \(AND\)/);
    const text = await applyFix(or, d, /^Merge into one peer/);
    assert.strictEqual(text, OR_POLICY.replace('    - podSelector: # meant', '      podSelector: # meant'));
    await waitForDiagnostics(or, (all) => all.length === 0, 'no finding left after the merge');
  });
});
