// The JSON Schema contributed to the YAML extension and the parser judge the
// same texts alike (valid = no error finding), and the schema names every
// rule the tools know.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../../server/src/core/config/parse';
import { defaultRules } from '../../../server/src/core/ruleRegistry';
import { INVALID, VALID } from './examples';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SCHEMA_PATH = path.join(ROOT, 'schemas', 'netpol-config.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true }).compile(schema);

/** As the YAML extension sees the file: YAML 1.2, the first document. */
function schemaAccepts(text: string): boolean {
  const value = parseDocument(text, { version: '1.2' }).toJS();
  return validate(value ?? null) === true;
}

function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Project config'));
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'README has a yaml example under "## Project config"');
  return match[1];
}

describe('netpol-config.schema.json', () => {
  it('is draft-07, as the YAML extension reads it', () => {
    assert.strictEqual(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  for (const ex of VALID) {
    it(`accepts "${ex.name}", as the parser does`, () => {
      assert.strictEqual(schemaAccepts(ex.text), true, JSON.stringify(validate.errors));
      assert.deepStrictEqual(parseConfig(ex.text).findings.filter((f) => f.severity === 'error'), []);
    });
  }

  for (const ex of INVALID) {
    it(`rejects "${ex.name}", as the parser does`, () => {
      assert.strictEqual(schemaAccepts(ex.text), false);
      assert.ok(parseConfig(ex.text).findings.some((f) => f.severity === 'error'));
    });
  }

  it('accepts the README example, and so does the parser', () => {
    const text = readmeExample();
    assert.strictEqual(schemaAccepts(text), true, JSON.stringify(validate.errors));
    const known = defaultRules().all().map((r) => r.id);
    assert.deepStrictEqual(parseConfig(text, { knownRuleIds: known }).findings, []);
  });

  it('lists every known rule id under rules, with its default severity', () => {
    const listed = Object.keys(schema.properties.rules.properties).sort();
    const known = defaultRules().all().map((r) => r.id).sort();
    assert.deepStrictEqual(listed, known, 'regenerate the rules list: npm run compile && node scripts/schema-rules.mjs');
    for (const r of defaultRules().all()) assert.ok(schema.properties.rules.properties[r.id].description.endsWith(`(default: ${r.offByDefault ? 'off' : r.defaultSeverity})`), r.id);
  });

  it('is what package.json contributes to the YAML extension', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['.netpol.yaml', '.netpol.yml'], url: './schemas/netpol-config.schema.json' }]);
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/netpol-config\.schema\.json$/m);
  });
});
