// `netpol check --format sarif`: valid SARIF 2.1.0 (checked against the OASIS
// schema shipped beside this test) with what GitHub code scanning needs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

const SCHEMA_FILE = path.join(REPO_ROOT, 'test', 'cli', 'sarif-schema-2.1.0.json');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
}

function assertValidSarif(log: unknown): void {
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
}

describe('netpol check --format sarif', () => {
  it('the shipped schema is the SARIF 2.1.0 schema and rejects a broken log', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { title: string; definitions: Record<string, unknown> };
    assert.strictEqual(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    const validate = sarifValidator();
    assert.strictEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] }), true);
    assert.strictEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
    assert.strictEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
  });

  it('is valid for examples/', async () => {
    const run = await runCli(['check', '--format', 'sarif', 'examples']);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assertValidSarif(JSON.parse(run.stdout));
  });

  describe('on a temp folder', () => {
    let dir: string;
    let run: { code: number; stdout: string; stderr: string };
    let log: Sarif.Log;
    before(async () => {
      dir = tempTree({
        'emoji.yaml': 'kind: ConfigMap\nmetadata: {name: "😀", x: }}\n',
        'my dir/bad file.yaml': 'a: b: c\n',
        'ok.yaml': 'kind: ConfigMap\n',
        'chart/templates/t.yaml': 'name: {{ .Values.name }}\n',
      });
      run = await runCli(['check', '--format', 'sarif', '.'], dir);
      log = JSON.parse(run.stdout) as Sarif.Log;
    });
    after(() => removeTree(dir));

    it('validates against the SARIF 2.1.0 schema', () => {
      assertValidSarif(log);
      assert.strictEqual(log.version, '2.1.0');
      assert.strictEqual(run.code, 1);
    });

    it('describes the tool and its rules', () => {
      const [sarifRun] = log.runs;
      const driver = sarifRun.tool.driver;
      assert.strictEqual(driver.name, 'netpol-inspector');
      assert.strictEqual(driver.version, VERSION);
      assert.match(driver.informationUri ?? '', /^https:\/\//);
      const rule = driver.rules?.find((r) => r.id === 'netpol/yaml-syntax');
      assert.ok(rule, 'netpol/yaml-syntax is in the catalogue');
      assert.strictEqual(rule.shortDescription?.text, 'The file is not valid YAML.');
      assert.ok(rule.fullDescription?.text, 'fullDescription');
      assert.ok(rule.help?.text, 'help');
      assert.deepStrictEqual(rule.defaultConfiguration, { level: 'error' });
      // The validation catalogue (core/policy/validation/rules.ts) is in too.
      const port = driver.rules?.find((r) => r.id === 'netpol/invalid-port');
      assert.strictEqual(port?.shortDescription?.text, 'A numeric port is outside 1-65535.');
      assert.deepStrictEqual(port?.defaultConfiguration, { level: 'error' });
      assert.deepStrictEqual(driver.rules?.find((r) => r.id === 'netpol/ambiguous-cidr')?.defaultConfiguration, { level: 'warning' });
      const ids = driver.rules?.map((r) => r.id) ?? [];
      assert.deepStrictEqual(ids, [...ids].sort(), 'rules sorted by id');
      assert.strictEqual(new Set(ids).size, ids.length, 'rule ids unique');
    });

    it('gives each result its rule, level, message and a region in UTF-16 columns', () => {
      const [sarifRun] = log.runs;
      assert.strictEqual(sarifRun.columnKind, 'utf16CodeUnits');
      assert.deepStrictEqual(sarifRun.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(fs.realpathSync(dir)).href + '/' } });
      const results = sarifRun.results ?? [];
      assert.strictEqual(results.length, 2);
      const rules = sarifRun.tool.driver.rules ?? [];
      for (const r of results) assert.strictEqual(rules[r.ruleIndex ?? -1]?.id, r.ruleId);
      const emoji = results.find((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri === 'emoji.yaml');
      assert.ok(emoji, 'a result for emoji.yaml');
      assert.strictEqual(emoji.ruleId, 'netpol/yaml-syntax');
      assert.strictEqual(emoji.level, 'error');
      assert.strictEqual(emoji.message.text, 'Unexpected flow-map-end token in YAML stream: "}"');
      assert.deepStrictEqual(emoji.locations?.[0].physicalLocation, {
        artifactLocation: { uri: 'emoji.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 2, startColumn: 28, endLine: 2, endColumn: 29 },
      });
    });

    it('uses relative, percent-encoded URIs', () => {
      const uris = (log.runs[0].results ?? []).map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri);
      assert.deepStrictEqual(uris, ['emoji.yaml', 'my%20dir/bad%20file.yaml']);
    });

    it('reports skipped files as notifications, not results', () => {
      const notes = log.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
      assert.deepStrictEqual(
        notes.map((n) => [n.level, n.message.text]),
        [['note', `${path.join('chart', 'templates', 't.yaml')}: skipped: a Helm/Go template ({{ }}), not plain YAML`]],
      );
      assert.strictEqual(log.runs[0].invocations?.[0].executionSuccessful, true);
    });
  });
});
