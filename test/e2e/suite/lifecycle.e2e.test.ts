// The server's life cycle as the user meets it: the "Restart server" command,
// and a server process that dies (killed, crashed) being restarted by the
// client, with diagnostics flowing again from the new process.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fileUri, isAlive, openDoc, replaceText, ruleId, serverPids, waitFor, waitForDiagnostics } from './util';

const PORTS = 'mistakes/04-ports.yaml';

/** One running server of ours; fails if there are none or several. */
async function theServerPid(exclude?: number): Promise<number> {
  const pids = await waitFor(`one dist/server.js child of the extension host (pid ${process.pid})${exclude ? `, not ${exclude}` : ''}`, () => {
    const p = serverPids().filter((x) => x !== exclude);
    return p.length === 1 && p;
  }, 60_000);
  return pids[0];
}

/**
 * Proves the (new) server answers: an edit changes a finding's message, and
 * the new message must arrive. Diagnostics from before a crash stay on
 * screen, so their mere presence would prove nothing.
 */
async function expectFreshDiagnostics(port: number): Promise<void> {
  const uri = fileUri(PORTS);
  const doc = await vscode.workspace.openTextDocument(uri);
  const current = /- port: (\d+)\s+# invalid-port:/.exec(doc.getText());
  assert.ok(current, 'the invalid port line of 04-ports.yaml');
  await replaceText(uri, `- port: ${current[1]} `, `- port: ${port} `);
  const want = `spec.ingress[0].ports[1].port: Invalid value: ${port}: must be between 1 and 65535, inclusive`;
  await waitForDiagnostics(uri, (d) => d.some((x) => ruleId(x) === 'netpol/invalid-port' && x.message === want), `"${want}"`, 60_000);
}

describe('server life cycle', () => {
  before(async () => {
    await activateExtension();
    await openDoc(PORTS);
    await waitForDiagnostics(fileUri(PORTS), (d) => d.length > 0, 'diagnostics of 04-ports.yaml', 60_000);
  });

  // The suites after this one need a server: if a test here left none
  // running, start one so that its failure is reported once, not again by
  // every later suite.
  after(async () => {
    if (serverPids().length === 0) await vscode.commands.executeCommand('netpol.restartServer');
  });

  it('"Restart server" starts a new server process and diagnostics come back', async () => {
    const before = await theServerPid();
    await vscode.commands.executeCommand('netpol.restartServer');
    const after = await theServerPid(before);
    assert.notStrictEqual(after, before);
    await waitFor(`old server ${before} to exit`, () => !isAlive(before), 30_000);
    await expectFreshDiagnostics(70001);
  });

  it('a killed server is restarted by the client and diagnostics come back', async () => {
    const before = await theServerPid();
    process.kill(before, 'SIGKILL');
    const after = await theServerPid(before);
    assert.notStrictEqual(after, before);
    await expectFreshDiagnostics(70002);
  });

  it('a server killed while the editor sends it requests is restarted too', async () => {
    // Every request written after the kill fails on the dead pipe before
    // the close event arrives; those write errors must not stop the restart.
    const before = await theServerPid();
    const uri = fileUri(PORTS);
    const busy = Array.from({ length: 40 }, () =>
      vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(3, 4)).then(
        () => undefined,
        () => undefined,
      ),
    );
    process.kill(before, 'SIGKILL');
    for (let i = 0; i < 40; i++) busy.push(vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(3, 4)).then(() => undefined, () => undefined));
    const after = await theServerPid(before);
    assert.notStrictEqual(after, before);
    await Promise.all(busy);
    await expectFreshDiagnostics(70003);
  });
});
