// `netpol check` resolves selectors across the files it is given, as the
// editor does across the workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

const THREE_TIER = path.join(REPO_ROOT, 'examples', 'three-tier');

function threeTierWith(policyEdit: (text: string) => string): string {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(THREE_TIER)) files[name] = fs.readFileSync(path.join(THREE_TIER, name), 'utf8');
  files['db-policy.yaml'] = policyEdit(files['db-policy.yaml']);
  return tempTree(files);
}

describe('netpol check: workspace checks', function () {
  this.timeout(60000);

  it('warns when a peer selector matches no workload, naming the nearest label', async () => {
    const dir = threeTierWith((t) => t.replace(/app: backend/, 'app: backnd'));
    try {
      const run = await runCli(['check', '--format', 'json', '.'], dir);
      const rows = JSON.parse(run.stdout) as Array<{ file: string; ruleId: string; message: string; severity: string; range: { start: { line: number } } }>;
      assert.strictEqual(rows.length, 1, run.stdout);
      assert.strictEqual(rows[0].ruleId, 'netpol/selector-matches-nothing');
      assert.strictEqual(rows[0].severity, 'warning');
      assert.match(rows[0].message, /app=backnd/);
      assert.match(rows[0].message, /did you mean app=backend \(Deployment backend\)\?/);
      const line = fs.readFileSync(path.join(dir, 'db-policy.yaml'), 'utf8').split('\n')[rows[0].range.start.line];
      assert.match(line, /app: backnd/);
      assert.strictEqual(run.code, 0, 'a warning alone does not fail the default --fail-on error');
      const strict = await runCli(['check', '--fail-on', 'warning', '.'], dir);
      assert.strictEqual(strict.code, 1);
    } finally {
      removeTree(dir);
    }
  });

  it('is silent on the correct three-tier app, and on policies checked without workloads', async () => {
    const clean = await runCli(['check', 'examples/three-tier']);
    assert.strictEqual(clean.stdout, '');
    assert.strictEqual(clean.code, 0);
    const alone = await runCli(['check', 'examples/three-tier/db-policy.yaml']);
    assert.strictEqual(alone.stdout, '');
  });

  it('resolves the namespace from a kustomization beside the files', async () => {
    const dir = tempTree({
      'kustomization.yaml': 'namespace: shop\nresources: [app.yaml, policy.yaml]\n',
      'app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\n',
      'policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector:\n    matchLabels: {app: web}\n',
    });
    try {
      const ok = await runCli(['check', 'policy.yaml', 'app.yaml'], dir);
      assert.strictEqual(ok.stdout, '');
      const other = await runCli(['check', '--default-namespace', 'elsewhere', 'policy.yaml', 'app.yaml'], dir);
      assert.strictEqual(other.stdout, '', 'the kustomization namespace wins over the default for both files');
    } finally {
      removeTree(dir);
    }
  });
});
