// `netpol diff` through the built CLI on scratch git repositories: revisions,
// the work tree, a linked worktree, a subdirectory, a shallow clone, renames,
// parse failures, two folders; every format, and the exit codes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';
import { commitAll, git, scratchRepo, writeFiles } from './gitRepo';
import { APPS, dbPolicy } from '../unit/diff/manifests';

interface Change {
  change: string;
  from: string;
  to: string;
  before: unknown;
  after: unknown;
  widens: boolean;
  narrows: boolean;
  rules: { side: string; file?: string; line?: number; policy: string; rule: string }[];
  fromNote?: string;
  toNote?: string;
}
interface DiffJson {
  base: string;
  head: string;
  changes: Change[];
}

async function diffJson(args: string[], cwd: string): Promise<DiffJson> {
  const run = await runCli(['diff', '--format', 'json', ...args], cwd);
  assert.strictEqual(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as DiffJson;
}

function rows(d: DiffJson): string[] {
  return d.changes.map((c) => `${c.change} ${c.from} -> ${c.to}`);
}

describe('netpol diff', () => {
  let repo: string;
  beforeEach(() => {
    repo = scratchRepo({ 'k8s/apps.yaml': APPS, 'k8s/db-policy.yaml': dbPolicy('backend'), 'README.md': 'x\n' });
  });
  afterEach(() => removeTree(repo));

  it('a policy edit that lets the frontend reach the database is exactly that row, with the rule (JSON shape)', async () => {
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
    const d = await diffJson(['--base', 'main'], repo);
    assert.strictEqual(d.base, 'main');
    assert.strictEqual(d.head, 'working tree');
    assert.deepStrictEqual(Object.keys(d).slice(0, 2), ['base', 'head']);
    assert.deepStrictEqual(d.changes.length, 1);
    const [c] = d.changes;
    assert.deepStrictEqual(Object.keys(c).slice(0, 8), ['change', 'from', 'to', 'before', 'after', 'widens', 'narrows', 'rules']);
    assert.deepStrictEqual({ change: c.change, from: c.from, to: c.to, before: c.before, after: c.after, widens: c.widens, narrows: c.narrows }, { change: 'added', from: 'shop/frontend', to: 'shop/db', before: 'none', after: ['TCP 3306'], widens: true, narrows: false });
    assert.deepStrictEqual(c.rules.map((r) => [r.side, r.file, r.line, r.policy, r.rule]), [['head', 'k8s/db-policy.yaml', 8, 'db-ingress', 'spec.ingress[0]']]);
    const text = await runCli(['diff', '--base', 'main'], repo);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, /^added +shop\/frontend -> shop\/db: none => TCP 3306 \(\+TCP 3306\)$/m);
    assert.match(text.stdout, /head: k8s\/db-policy\.yaml:8 spec\.ingress\[0\] of shop\/db-ingress/);
  });

  it('a label renamed on a workload shows the connections it lost (committed, --head)', async () => {
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
    commitAll(repo, 'allow frontend');
    writeFiles(repo, { 'k8s/apps.yaml': APPS.replace('labels: {app: frontend}', 'labels: {app: web}') });
    commitAll(repo, 'rename label');
    const d = await diffJson(['--base', 'HEAD~1', '--head', 'HEAD'], repo);
    assert.deepStrictEqual(rows(d), ['removed shop/frontend -> shop/db']);
    assert.strictEqual(d.changes[0].narrows, true);
    assert.deepStrictEqual(d.changes[0].rules.map((r) => [r.side, r.file, r.policy]), [['base', 'k8s/db-policy.yaml', 'db-ingress']]);
  });

  it('an empty diff prints "no connectivity changes"; a renamed file is no change', async () => {
    const same = await runCli(['diff', '--base', 'main'], repo);
    assert.strictEqual(same.code, 0, same.stderr);
    assert.match(same.stdout, /^no connectivity changes$/m);
    git(repo, 'mv', 'k8s/db-policy.yaml', 'k8s/policies-db.yaml');
    commitAll(repo, 'rename');
    const renamed = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], repo);
    assert.strictEqual(renamed.code, 0, renamed.stderr);
    assert.match(renamed.stdout, /no connectivity changes/);
  });

  it('the work tree includes untracked files and leaves out ignored ones', async () => {
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: backend}}\n`;
    writeFiles(repo, { '.gitignore': 'ignored/\n', 'k8s/new.yaml': pod('api'), 'ignored/x.yaml': pod('ghost'), '.netpol.yaml': 'exclude: ["k8s/vendor/**"]\n', 'k8s/vendor/v.yaml': pod('vendored') });
    const d = await diffJson(['--base', 'main', '.'], repo);
    assert.ok(d.changes.some((c) => c.from === 'shop/api' && c.to === 'shop/db' && c.fromNote === 'workload added'), JSON.stringify(rows(d)));
    assert.ok(!d.changes.some((c) => /ghost|vendored/.test(c.from + c.to)), 'ignored and excluded files are left out');
  });

  it('a file that fails to parse on one side is a note, not a crash', async () => {
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend'), 'k8s/broken.yaml': 'kind: [\n' });
    const run = await runCli(['diff', '--base', 'main', '--format', 'json'], repo);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stderr, /^working tree: note: 1 error in 1 file/m);
    assert.deepStrictEqual(rows(JSON.parse(run.stdout) as DiffJson), ['added shop/frontend -> shop/db']);
  });

  it('works from a subdirectory and in a linked worktree', async () => {
    git(repo, 'branch', 'feature');
    const wt = path.join(repo, '..', `${path.basename(repo)}-wt`);
    git(repo, 'worktree', 'add', '-q', wt, 'feature');
    try {
      writeFiles(wt, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
      const fromSub = await runCli(['diff', '--base', 'main', '--format', 'json', '.'], path.join(wt, 'k8s'));
      assert.strictEqual(fromSub.code, 0, fromSub.stderr);
      const d = JSON.parse(fromSub.stdout) as DiffJson;
      assert.deepStrictEqual(rows(d), ['added shop/frontend -> shop/db']);
      // Paths print relative to where the command ran.
      assert.strictEqual(d.changes[0].rules[0].file, 'db-policy.yaml');
    } finally {
      git(repo, 'worktree', 'remove', '--force', wt);
    }
  });

  it('--merge-base compares with the merge base, leaving out what the base branch did since', async () => {
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
    commitAll(repo, 'feature: allow frontend');
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, { 'k8s/extra.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: cron, namespace: shop}\n' });
    commitAll(repo, 'main: add a pod');
    const plain = await diffJson(['--base', 'main', '--head', 'feature'], repo);
    assert.ok(plain.changes.some((c) => c.from === 'shop/cron' && c.fromNote === 'workload removed'));
    const merged = await diffJson(['--base', 'main', '--head', 'feature', '--merge-base'], repo);
    assert.deepStrictEqual(rows(merged), ['added shop/frontend -> shop/db']);
  });

  it('a shallow clone without the base: exit 2, saying fetch-depth: 0', async () => {
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
    commitAll(repo, 'second');
    const clone = `${repo}-shallow`;
    git(path.dirname(repo), 'clone', '-q', '--depth', '1', `file://${repo}`, clone);
    try {
      const run = await runCli(['diff', '--base', 'HEAD~1'], clone);
      assert.strictEqual(run.code, 2, run.stderr);
      assert.match(run.stderr, /HEAD~1 is not in this shallow clone.*fetch-depth: 0/);
      const unknown = await runCli(['diff', '--base', 'no-such-branch'], repo);
      assert.strictEqual(unknown.code, 2);
      assert.match(unknown.stderr, /unknown revision no-such-branch/);
    } finally {
      removeTree(clone);
    }
  });

  it('--fail-on: 1 for a widening (widened, any), 0 for a narrowing with widened', async () => {
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
    assert.strictEqual((await runCli(['diff', '--base', 'main', '--fail-on', 'widened'], repo)).code, 1);
    assert.strictEqual((await runCli(['diff', '--base', 'main', '--fail-on', 'any'], repo)).code, 1);
    assert.strictEqual((await runCli(['diff', '--base', 'main'], repo)).code, 0);
    commitAll(repo, 'open');
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('backend') });
    assert.strictEqual((await runCli(['diff', '--base', 'HEAD', '--fail-on', 'widened'], repo)).code, 0);
    assert.strictEqual((await runCli(['diff', '--base', 'HEAD', '--fail-on', 'any'], repo)).code, 1);
    assert.strictEqual((await runCli(['diff', '--base', 'HEAD', '--fail-on', 'bogus'], repo)).code, 2);
    assert.strictEqual((await runCli(['diff', 'k8s'], repo)).code, 2);
  });

  it('md: the hidden marker, counts and the table; sarif: valid 2.1.0, one result at the head rule', async () => {
    writeFiles(repo, { 'k8s/db-policy.yaml': dbPolicy('frontend') });
    const md = await runCli(['diff', '--base', 'main', '--format', 'md', '-o', 'diff.md'], repo);
    assert.strictEqual(md.code, 0, md.stderr);
    assert.strictEqual(md.stdout, '');
    const text = fs.readFileSync(path.join(repo, 'diff.md'), 'utf8');
    assert.ok(text.startsWith('<!-- netpol-diff -->\n'));
    assert.ok(text.length < 65536);
    assert.match(text, /^\| change \| from \| to \| before \| after \| delta \|$/m);
    assert.match(text, /^\| ➕ added \| `shop\/frontend` \| `shop\/db` \| none \| TCP 3306 \| \+TCP 3306 \|$/m);
    assert.match(text, /1 change: 1 added/);
    assert.match(text, /<summary>namespace shop: 1 change<\/summary>/);

    const run = await runCli(['diff', '--base', 'main', '--format', 'sarif'], repo);
    assert.strictEqual(run.code, 0, run.stderr);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'cli', 'sarif-schema-2.1.0.json'), 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results!;
    assert.strictEqual(results.length, 1);
    assert.strictEqual(results[0].ruleId, 'netpol/connectivity-widened');
    const loc = results[0].locations![0].physicalLocation!;
    assert.deepStrictEqual([loc.artifactLocation!.uri, loc.artifactLocation!.uriBaseId, loc.region!.startLine], ['k8s/db-policy.yaml', '%SRCROOT%', 8]);
    assert.match(results[0].message.text!, /shop\/frontend -> shop\/db: newly allowed \(\+TCP 3306/);
  });
});

describe('netpol diff pictures', () => {
  let dir: string;
  before(() => {
    dir = tempTree({ 'a/apps.yaml': APPS, 'a/db.yaml': dbPolicy('frontend', ['{port: 3306}', '{port: 53, protocol: UDP}']), 'b/apps.yaml': APPS, 'b/db.yaml': dbPolicy('frontend', ['{port: 3306}', '{port: 8080}']) });
  });
  after(() => removeTree(dir));

  it('dot, svg and html draw the changed edge, labelled NEW (was: OLD)', async () => {
    const dot = await runCli(['diff', 'a', 'b', '--format', 'dot'], dir);
    assert.strictEqual(dot.code, 0, dot.stderr);
    assert.match(dot.stdout, /^\t"shop\/frontend" -> "shop\/db" \[label="TCP 3306,8080 \(was: TCP 3306;UDP 53\)" color="magenta"/m);
    const svg = await runCli(['diff', 'a', 'b', '--format', 'svg'], dir);
    assert.strictEqual(svg.code, 0, svg.stderr);
    assert.match(svg.stdout, /class="edge changed"/);
    assert.match(svg.stdout, /<title>Connectivity changes: a → b<\/title>/);
    const html = await runCli(['diff', 'a', 'b', '--format', 'html'], dir);
    assert.strictEqual(html.code, 0, html.stderr);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    assert.match(html.stdout, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html.stdout, /data-change="changed"/);
  });
});

describe('netpol diff DIR_A DIR_B', () => {
  let dir: string;
  before(() => {
    dir = tempTree({ 'old/apps.yaml': APPS, 'old/db.yaml': dbPolicy('frontend'), 'new/apps.yaml': APPS, 'new/db.yaml': dbPolicy('backend') });
  });
  after(() => removeTree(dir));

  it('compares two folders (and --dir1/--dir2 alike), outside git', async () => {
    const d = await diffJson(['old', 'new'], dir);
    assert.strictEqual(d.base, 'old');
    assert.strictEqual(d.head, 'new');
    assert.deepStrictEqual(rows(d), ['removed shop/frontend -> shop/db']);
    assert.strictEqual(d.changes[0].rules[0].file, path.join('old', 'db.yaml'));
    assert.deepStrictEqual(await diffJson(['--dir1', 'old', '--dir2', 'new'], dir), d);
    const notGit = await runCli(['diff', '--base', 'main'], dir);
    assert.strictEqual(notGit.code, 2);
    assert.match(notGit.stderr, /not inside a git work tree/);
    assert.strictEqual((await runCli(['diff', 'old', 'missing'], dir)).code, 2);
  });
});
