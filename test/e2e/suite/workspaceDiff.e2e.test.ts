// "Compare Connectivity with Branch..." in code-server: the workspace copy is
// made a git repository here, a policy edit lets the frontend reach the
// database, and the command (given the ref, as the quick pick would) returns
// exactly that change with its rule and shows the diff panel.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceRoot } from './util';

const POLICY = path.join('three-tier', 'db-policy.yaml');
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env: ENV, encoding: 'utf8' });
}

interface Result {
  ok: boolean;
  error?: string;
  svg?: string;
  report?: { base: string; head: string; changes: { change: string; from: string; to: string; delta: string; rules: { side: string; file?: string; line?: number; policy: string }[] }[] };
}

describe('Compare Connectivity with Branch (issue #13)', () => {
  let root: string;
  let original: string;

  before(async () => {
    await activateExtension();
    root = workspaceRoot();
    original = fs.readFileSync(path.join(root, POLICY), 'utf8');
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'examples');
    const opened = original.replace('              app: backend\n      ports:', '              app: backend\n        - podSelector:\n            matchLabels:\n              app: frontend\n      ports:');
    assert.notStrictEqual(opened, original, 'the edit applies to db-policy.yaml');
    fs.writeFileSync(path.join(root, POLICY), opened);
  });

  after(async () => {
    fs.writeFileSync(path.join(root, POLICY), original);
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the command is contributed', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('netpol.compareWithBranch'));
  });

  it('returns the one change the edit makes, with the head rule, and opens the diff panel', async () => {
    const result = await vscode.commands.executeCommand<Result>('netpol.compareWithBranch', 'main');
    assert.ok(result?.ok, JSON.stringify(result));
    const report = result.report!;
    assert.strictEqual(report.base, 'main');
    assert.strictEqual(report.head, 'working tree');
    assert.deepStrictEqual(report.changes.map((c) => `${c.change} ${c.from} -> ${c.to} ${c.delta}`), ['added shop/frontend -> shop/db +TCP 3306']);
    // The ingress rule the edit extended; the frontend's egress is allowed by the examples' other policies.
    const rules = report.changes[0].rules;
    assert.ok(rules.every((r) => r.side === 'head'), JSON.stringify(rules));
    assert.deepStrictEqual(rules.filter((r) => r.file === POLICY).map((r) => [r.line, r.policy]), [[22, 'db-policy']]);
    assert.match(result.svg ?? '', /class="edge added"/, 'the changed connection is drawn for the panel');
    const tab = await waitFor('the connectivity diff panel', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Connectivity: main')),
    );
    assert.strictEqual(tab.label, 'Connectivity: main → working tree');
  });

  it('an unknown revision is an error answer, not a crash', async () => {
    const result = await vscode.commands.executeCommand<Result>('netpol.compareWithBranch', 'no-such-branch');
    assert.strictEqual(result?.ok, false);
    assert.match(result.error ?? '', /unknown revision no-such-branch/);
  });
});
