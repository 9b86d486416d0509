// `netpol check` on the benchmark's realistic workspace shape (every policy
// with the DNS egress rule, one in ten app selectors misspelt): it reports
// exactly the misspelt selectors, and never warns about kube-dns.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateWorkspace, GeneratedWorkspace } from '../bench/generate';
import { removeTree, runCli } from './runCli';

interface Row {
  file: string;
  ruleId: string;
  message: string;
  severity: string;
  range: { start: { line: number } };
}

async function check(ws: GeneratedWorkspace): Promise<Row[]> {
  const run = await runCli(['check', '--format', 'json', '.'], ws.root);
  assert.strictEqual(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Row[];
}

/** One row per misspelling, on the misspelt line of the right file, naming the meant value. */
function assertExactlyTheMisspellings(ws: GeneratedWorkspace, rows: Row[]): void {
  assert.ok(ws.misspellings.length >= 5, `the generator misspelt ${ws.misspellings.length} selectors`);
  const expected = ws.misspellings.map((m) => `${path.relative(ws.root, m.file)} app=${m.written} -> app=${m.meant}`).sort();
  const got = rows.map((r) => {
    const m = /has app=(\S+); did you mean app=(\S+) /.exec(r.message);
    return `${r.file} app=${m?.[1]} -> app=${m?.[2]}`;
  });
  assert.deepStrictEqual(got.sort(), expected);
  for (const r of rows) {
    assert.strictEqual(r.ruleId, 'netpol/selector-matches-nothing');
    const line = fs.readFileSync(path.join(ws.root, r.file), 'utf8').split('\n')[r.range.start.line];
    assert.match(line, /^\s+app: \S+$/, `the finding is on the misspelt entry: ${line}`);
  }
}

describe('netpol check on the realistic workspace shape', function () {
  this.timeout(120000);
  const roots: string[] = [];
  const generate = (coreDns: boolean) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-realistic-'));
    roots.push(root);
    return generateWorkspace(root, 400, 7, 'realistic', { coreDns });
  };
  after(() => roots.forEach(removeTree));

  it('with a DNS workload (as the cluster model gives): exactly the misspelt selectors, nothing about kube-dns', async () => {
    const ws = generate(true);
    const rows = await check(ws);
    assert.ok(rows.every((r) => !/kube-dns/.test(r.message)), 'nothing mentions kube-dns');
    assertExactlyTheMisspellings(ws, rows);
    assert.ok(rows.every((r) => r.severity === 'warning'), 'the misspellings are in namespaces the workspace defines: warnings');
  });

  it('without any DNS workload: the warnings are still exactly the misspellings; the DNS rule is information at most', async () => {
    const ws = generate(false);
    const rows = await check(ws);
    const warnings = rows.filter((r) => r.severity === 'warning' || r.severity === 'error');
    assertExactlyTheMisspellings(ws, warnings);
    const rest = rows.filter((r) => !warnings.includes(r));
    assert.ok(rest.every((r) => r.severity === 'information' && /has k8s-app=kube-dns$/.test(r.message)), JSON.stringify(rest.slice(0, 3)));
    assert.ok(rest.length <= ws.policies, 'at most one note per policy');
  });
});
