// What the lints share in `netpol check`: Finding.related in text, JSON and
// SARIF (relatedLocations), rule docs in SARIF (help.markdown, helpUri), and
// opt-in rules switched on by `rules:` and `--rule`, bare ids included.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

const POLICY = (extra = '') => `${extra}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
`;

interface JsonOut {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number } };
  related?: { file: string; range: { start: { line: number; character: number } }; message: string }[];
}

describe('netpol check: related places, rule docs, opt-in rules', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempTree({ 'a.yaml': POLICY(), 'sub/b.yaml': POLICY('# copy\n'), 'api.yaml': API });
  });
  after(() => removeTree(dir));

  it('text: the related place follows the finding on an indented line', async () => {
    const run = await runCli(['check', '.'], dir);
    assert.strictEqual(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('a.yaml:4:9 error netpol/duplicate-policy NetworkPolicy shop/deny is also defined at sub/b.yaml:5'));
    assert.ok(at >= 0, run.stdout);
    assert.strictEqual(lines[at + 1], '  sub/b.yaml:5:9: another NetworkPolicy shop/deny');
  });

  it('JSON: related carries file, range and message', async () => {
    const run = await runCli(['check', '.', '--format', 'json'], dir);
    const found = (JSON.parse(run.stdout) as JsonOut[]).filter((f) => f.ruleId === 'netpol/duplicate-policy');
    assert.deepStrictEqual(
      found.map((f) => [f.file, f.range.start.line, f.related?.map((r) => [r.file, r.range.start.line, r.range.start.character, r.message])]),
      [
        ['a.yaml', 3, [['sub/b.yaml', 4, 8, 'another NetworkPolicy shop/deny']]],
        ['sub/b.yaml', 4, [['a.yaml', 3, 8, 'another NetworkPolicy shop/deny']]],
      ],
    );
  });

  it('SARIF: relatedLocations, help.markdown from docs/rules and helpUri, valid 2.1.0', async () => {
    const run = await runCli(['check', '.', '--format', 'sarif'], dir);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'cli', 'sarif-schema-2.1.0.json'), 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const result = log.runs[0].results!.find((r) => r.ruleId === 'netpol/duplicate-policy' && r.locations![0].physicalLocation!.artifactLocation!.uri === 'a.yaml')!;
    assert.deepStrictEqual(result.relatedLocations, [
      {
        id: 0,
        message: { text: 'another NetworkPolicy shop/deny' },
        physicalLocation: { artifactLocation: { uri: 'sub/b.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 13 } },
      },
    ]);
    const rule = log.runs[0].tool.driver.rules!.find((r) => r.id === 'netpol/duplicate-policy')!;
    assert.strictEqual(rule.helpUri, 'https://github.com/netpol-inspector/netpol-inspector/blob/main/docs/rules/duplicate-policy.md');
    assert.strictEqual(rule.help?.markdown, fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'duplicate-policy.md'), 'utf8'));
    assert.ok(log.runs[0].tool.driver.rules!.every((r) => r.helpUri && r.help?.markdown?.startsWith(`# ${r.id}\n`)), 'every rule has its doc');
  });

  it('an opt-in rule runs when rules: gives it a level, by bare or full id, and --rule overrides the config', async () => {
    const notIsolated = async (args: string[], config?: string) => {
      if (config === undefined) fs.rmSync(path.join(dir, '.netpol.yaml'), { force: true });
      else fs.writeFileSync(path.join(dir, '.netpol.yaml'), config);
      const run = await runCli(['check', '.', '--format', 'json', ...args], dir);
      return (JSON.parse(run.stdout) as JsonOut[]).filter((f) => f.ruleId === 'netpol/workload-not-isolated').map((f) => [f.file, f.severity, f.message.split(':')[0]]);
    };
    const finding = (severity: string) => [['api.yaml', severity, 'Deployment shop/api is not isolated for egress']];
    assert.deepStrictEqual(await notIsolated([]), []);
    assert.deepStrictEqual(await notIsolated([], 'rules:\n  workload-not-isolated: warning\n'), finding('warning'));
    assert.deepStrictEqual(await notIsolated([], 'rules:\n  netpol/workload-not-isolated: error\n'), finding('error'));
    assert.deepStrictEqual(await notIsolated(['--rule', 'netpol/workload-not-isolated=hint'], 'rules:\n  workload-not-isolated: warning\n'), finding('hint'));
    assert.deepStrictEqual(await notIsolated(['--rule', 'workload-not-isolated=off'], 'rules:\n  workload-not-isolated: warning\n'), []);
    assert.deepStrictEqual(await notIsolated(['--rule', 'workload-not-isolated=information']), finding('information'));
    // Bare ids switch other rules off too.
    const run = await runCli(['check', '.', '--format', 'json', '--rule', 'duplicate-policy=off'], dir);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonOut[]).filter((f) => f.ruleId === 'netpol/duplicate-policy'), []);
    fs.rmSync(path.join(dir, '.netpol.yaml'), { force: true });
  });

  it('--rule refuses a value without a level (usage error)', async () => {
    const run = await runCli(['check', '.', '--rule', 'workload-not-isolated'], dir);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /expected <rule-id>=<level>/);
  });
});
