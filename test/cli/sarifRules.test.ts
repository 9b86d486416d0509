// In-process: the rule registry tolerates ids it does not know, and the SARIF
// built from them stays valid, so a new check never breaks code scanning.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import type { CheckedFile } from '../../server/src/cli/analyzeFiles';
import { CORE_RULES, defaultRules, RuleRegistry } from '../../server/src/core/ruleRegistry';
import { toSarif } from '../../server/src/cli/format/sarif';
import { RULES as VALIDATION_RULES } from '../../server/src/core/policy/validation/rules';
import { REPO_ROOT } from './runCli';

describe('CLI rule registry and SARIF rules', () => {
  it('describes an unknown id with the id itself', () => {
    const doc = new RuleRegistry(CORE_RULES).get('netpol/some-future-check', 'hint');
    assert.deepStrictEqual(doc, { id: 'netpol/some-future-check', shortDescription: 'netpol/some-future-check', defaultSeverity: 'hint' });
  });

  it('knows the core and the validation rules, sorted by id', () => {
    const ids = defaultRules().all().map((r) => r.id);
    for (const r of [...CORE_RULES, ...VALIDATION_RULES]) assert.ok(ids.includes(r.id), r.id);
    assert.deepStrictEqual(ids, [...ids].sort());
    assert.strictEqual(defaultRules().get('netpol/invalid-port').help, 'Use a port between 1 and 65535; leave `port` out to mean every port of the protocol.');
  });

  it('adds unknown ids to tool.driver.rules and points results at them', () => {
    const text = 'kind: X\nspec: 1\n';
    const file: CheckedFile = {
      absPath: path.join(REPO_ROOT, 'examples', 'x.yaml'),
      displayPath: path.join('examples', 'x.yaml'),
      text,
      lines: new LineIndex(text),
      findings: [{ ruleId: 'netpol/some-future-check', severity: 'information', message: 'hello', range: { start: 8, end: 12 } }],
    };
    const log = toSarif([file], defaultRules(), REPO_ROOT);
    const run = log.runs[0];
    const rules = run.tool.driver.rules ?? [];
    const result = run.results?.[0];
    assert.ok(result);
    assert.strictEqual(rules[result.ruleIndex ?? -1].id, 'netpol/some-future-check');
    assert.deepStrictEqual(rules[result.ruleIndex ?? -1], {
      id: 'netpol/some-future-check',
      name: 'SomeFutureCheck',
      shortDescription: { text: 'netpol/some-future-check' },
      fullDescription: { text: 'netpol/some-future-check' },
      help: { text: 'netpol/some-future-check' },
      defaultConfiguration: { level: 'note' },
    });
    assert.strictEqual(result.level, 'note');
    assert.deepStrictEqual(result.locations?.[0].physicalLocation, {
      artifactLocation: { uri: 'examples/x.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 },
    });
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'cli', 'sarif-schema-2.1.0.json'), 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors));
  });

  it('gives a file outside the working folder an absolute file: URI', () => {
    const file: CheckedFile = { absPath: '/elsewhere/p.yaml', displayPath: '/elsewhere/p.yaml', text: 'a', lines: new LineIndex('a'), findings: [{ ruleId: 'netpol/yaml-syntax', severity: 'error', message: 'm', range: { start: 0, end: 1 } }] };
    const log = toSarif([file], defaultRules(), '/work/repo');
    assert.deepStrictEqual(log.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation, { uri: 'file:///elsewhere/p.yaml' });
  });
});
