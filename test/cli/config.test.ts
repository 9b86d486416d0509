// `.netpol.yaml` for the built CLI: found upward from the first path (up to
// the repository root) or named with --config; defaults < file < flags;
// severities and `off`, excludes, default namespace, strict CIDR; an invalid
// config reported like a file, exit 2 when it cannot be used at all.
import * as assert from 'assert';
import * as path from 'path';
import { removeTree, runCli, tempTree } from './runCli';

const POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: p, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: api}}',
  '  ingress:',
  '    - from:',
  '        - ipBlock: {cidr: 192.168.1.5/24}',
  '',
].join('\n');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n';
const BROKEN = 'metadata:\n  name: a: b\n';
const CIDR_AT = path.join('k8s', 'policy.yaml') + ':8:27';
const NS_NOTE = `${path.join('k8s', 'policy.yaml')}:3:32 information netpol/namespace-has-no-workloads`;

function repo(files: Record<string, string>): string {
  return tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'k8s/policy.yaml': POLICY, 'k8s/pod.yaml': POD, ...files });
}

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('netpol: the project config (.netpol.yaml)', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  const make = (files: Record<string, string>) => {
    const dir = repo(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeTree));

  it('without a config: the built-in defaults', async () => {
    const run = await runCli(['check', 'k8s'], make({}));
    assert.deepStrictEqual(lines(run.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), [`${NS_NOTE}`, `${CIDR_AT} error netpol/invalid-cidr`]);
    assert.strictEqual(run.code, 1);
  });

  it('is found upward from the first path and applies rule levels and off', async () => {
    const dir = make({ '.netpol.yaml': 'rules:\n  invalid-cidr: warning\n  netpol/namespace-has-no-workloads: off\n' });
    const run = await runCli(['check', path.join('k8s', 'policy.yaml')], dir);
    assert.deepStrictEqual(lines(run.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), [`${CIDR_AT} warning netpol/invalid-cidr`]);
    assert.strictEqual(run.stderr, '0 errors, 1 warning in 1 file\n');
    assert.strictEqual(run.code, 0);
    // From a subfolder, with a relative path.
    const sub = await runCli(['check', '.'], path.join(dir, 'k8s'));
    assert.match(sub.stdout, /^policy\.yaml:8:27 warning netpol\/invalid-cidr /);
  });

  it('--config FILE is used instead of the one found; a missing file is a usage error', async () => {
    const dir = make({ '.netpol.yaml': 'rules:\n  invalid-cidr: off\n', 'other.yml': 'rules:\n  invalid-cidr: hint\n' });
    const run = await runCli(['check', '--config', 'other.yml', 'k8s'], dir);
    assert.match(run.stdout, /policy\.yaml:8:27 hint netpol\/invalid-cidr /);
    const missing = await runCli(['check', '--config', 'nope.yaml', 'k8s'], dir);
    assert.strictEqual(missing.stderr, 'netpol: --config nope.yaml: no such file\n');
    assert.strictEqual(missing.code, 2);
  });

  it('stops at the repository root: a config above it is not read', async () => {
    const dir = make({ '.netpol.yaml': 'rules:\n  invalid-cidr: off\n', 'inner/.git/HEAD': 'x\n', 'inner/policy.yaml': POLICY });
    const run = await runCli(['check', 'inner'], dir);
    assert.match(run.stdout, /error netpol\/invalid-cidr/);
  });

  it('strictCidr and defaultNamespace from the file, flags over the file', async () => {
    const dir = make({ '.netpol.yaml': 'strictCidr: false\ndefaultNamespace: shop\n' });
    const lenient = await runCli(['check', 'k8s'], dir);
    assert.match(lenient.stdout, /policy\.yaml:8:27 warning netpol\/ambiguous-cidr /);
    // The pod lands in `shop`: the namespace has workloads now, so no note about it.
    assert.doesNotMatch(lenient.stdout, /namespace-has-no-workloads/);
    const strict = await runCli(['check', '--strict-cidr', 'k8s'], dir);
    assert.match(strict.stdout, /policy\.yaml:8:27 error netpol\/invalid-cidr /);
    const matrix = JSON.parse((await runCli(['matrix', '--format', 'json', 'k8s'], dir)).stdout);
    assert.deepStrictEqual(matrix.endpoints.map((e: { key: string }) => e.key), ['shop/web', 'outside']);
    const flagged = JSON.parse((await runCli(['matrix', '--format', 'json', '--default-namespace', 'prod', 'k8s'], dir)).stdout);
    assert.deepStrictEqual(flagged.endpoints.map((e: { key: string }) => e.key), ['prod/web', 'outside']);
  });

  it('excludes globs relative to the config folder from the walk; a file named explicitly is still read', async () => {
    const dir = make({ '.netpol.yaml': 'exclude: ["k8s/gen/**", "**/*.draft.yaml"]\n', 'k8s/gen/bad.yaml': BROKEN, 'k8s/x.draft.yaml': BROKEN, 'k8s/ok/bad.yaml': BROKEN });
    const walked = await runCli(['check', 'k8s'], dir);
    assert.deepStrictEqual(
      lines(walked.stdout).filter((l) => l.includes('yaml-syntax')).map((l) => l.split(':')[0]),
      [path.join('k8s', 'ok', 'bad.yaml')],
    );
    assert.strictEqual(walked.stderr, '2 errors, 0 warnings, 1 note in 3 files\n');
    const named = await runCli(['check', path.join('k8s', 'gen', 'bad.yaml')], dir);
    assert.match(named.stdout, /bad\.yaml:2:9 error netpol\/yaml-syntax/);
  });

  it('an invalid field is a finding on the config file; the valid parts apply', async () => {
    const dir = make({ '.netpol.yaml': 'rules:\n  invalid-cidr: loud\n  namespace-has-no-workloads: off\nbogus: 1\n' });
    const run = await runCli(['check', 'k8s'], dir);
    assert.deepStrictEqual(lines(run.stdout), [
      '.netpol.yaml:2:17 error netpol/invalid-config rules["invalid-cidr"]: Unsupported value: "loud": supported values: "error", "warning", "information", "hint", "off"',
      '.netpol.yaml:4:1 error netpol/invalid-config unknown field "bogus"; allowed fields: rules, exclude, defaultNamespace, strictCidr, cluster',
      `${CIDR_AT} error netpol/invalid-cidr spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.1.5/24": must not have bits set beyond the prefix length`,
    ]);
    assert.strictEqual(run.stderr, '3 errors, 0 warnings in 3 files\n');
    assert.strictEqual(run.code, 1);
    // The config checked as a path itself shows the same findings once.
    const itself = await runCli(['check', '.netpol.yaml'], dir);
    assert.strictEqual(lines(itself.stdout).length, 2);
    // And in JSON, under the config's path.
    const json = JSON.parse((await runCli(['check', '--format', 'json', 'k8s'], dir)).stdout);
    assert.deepStrictEqual(json.map((f: { file: string; ruleId: string }) => [f.file, f.ruleId]), [
      ['.netpol.yaml', 'netpol/invalid-config'],
      ['.netpol.yaml', 'netpol/invalid-config'],
      ['k8s/policy.yaml', 'netpol/invalid-cidr'],
    ]);
  });

  it('a config that cannot be used at all: its findings, the defaults, exit 2', async () => {
    const dir = make({ '.netpol.yaml': 'rules: {invalid-cidr: off\n' });
    const run = await runCli(['check', 'k8s'], dir);
    assert.match(run.stdout, /^\.netpol\.yaml:\d+:\d+ error netpol\/yaml-syntax /);
    assert.match(run.stdout, /policy\.yaml:8:27 error netpol\/invalid-cidr/);
    assert.strictEqual(run.code, 2);
    const matrix = await runCli(['matrix', 'k8s'], dir);
    assert.match(matrix.stderr, /^\.netpol\.yaml:\d+:\d+ error netpol\/yaml-syntax .*\nnetpol: \.netpol\.yaml: the config cannot be used \(see the errors above\)\n$/);
    assert.strictEqual(matrix.stdout, '');
    assert.strictEqual(matrix.code, 2);
    const explain = await runCli(['explain', 'k8s', '--from', 'default/web', '--to', 'outside'], dir);
    assert.strictEqual(explain.code, 2);
  });

  it('matrix and explain report a partly invalid config on stderr and go on', async () => {
    const dir = make({ '.netpol.yaml': 'defaultNamespace: shop\nstrictCidr: nope\n' });
    const run = await runCli(['explain', 'k8s', '--from', 'shop/web', '--to', 'outside'], dir);
    assert.match(run.stderr, /^\.netpol\.yaml:2:13 error netpol\/invalid-config strictCidr: expected true or false, got string "nope"\n/);
    assert.strictEqual(run.code, 0);
  });

  it('several paths: the first path\'s config applies to the run, the others get a note', async () => {
    const first = make({ '.netpol.yaml': 'rules:\n  invalid-cidr: hint\n' });
    const second = make({ '.netpol.yaml': 'rules:\n  invalid-cidr: off\n' });
    const run = await runCli(['check', path.join(first, 'k8s'), path.join(second, 'k8s')], first);
    const cidr = lines(run.stdout).filter((l) => l.includes('invalid-cidr'));
    assert.strictEqual(cidr.length, 2);
    assert.ok(cidr.every((l) => l.includes(' hint netpol/invalid-cidr ')), cidr.join('\n'));
    assert.match(run.stderr, new RegExp(`^note: ${escape(path.join(path.relative(first, second), '.netpol.yaml'))} is not used for ${escape(path.join(second, 'k8s'))}: a run reads one config, the one of its first path \\(\\.netpol\\.yaml\\); pass --config to choose\n`));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
