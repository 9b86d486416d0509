import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../../server/src/core/analyze';
import { RULES, RULE_BY_ID } from '../../../server/src/core/policy/validation';

describe('validation: rule catalogue', () => {
  it('has unique, well-formed ids with a one-line description and a help text', () => {
    assert.strictEqual(RULE_BY_ID.size, RULES.length);
    for (const r of RULES) {
      assert.match(r.id, /^netpol\/[a-z]+(-[a-z0-9]+)*$/, r.id);
      assert.ok(r.description.length > 10 && !r.description.includes('\n'), r.id);
      assert.ok(r.help.length > 10, r.id);
    }
  });

  it('lists the rule ids the issue names', () => {
    for (const id of [
      'netpol/unknown-field', 'netpol/duplicate-field', 'netpol/wrong-type', 'netpol/unknown-api-version', 'netpol/podselector-omitted',
      'netpol/invalid-name', 'netpol/invalid-namespace', 'netpol/invalid-label-key', 'netpol/invalid-label-value',
      'netpol/invalid-selector-operator', 'netpol/selector-values-required', 'netpol/selector-values-forbidden',
      'netpol/empty-peer', 'netpol/ipblock-with-other-peer', 'netpol/invalid-protocol', 'netpol/invalid-port',
      'netpol/invalid-port-name', 'netpol/invalid-end-port', 'netpol/invalid-cidr', 'netpol/invalid-except',
      'netpol/invalid-policy-type', 'netpol/too-many-policy-types',
    ]) {
      assert.ok(RULE_BY_ID.has(id), id);
    }
  });

  it('reports each finding with its catalogued severity', () => {
    const dir = path.resolve(__dirname, '../../../../examples/mistakes');
    let checked = 0;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const strictCidr of [true, false]) {
        for (const x of analyzeText(text, { strictCidr }).findings) {
          const rule = RULE_BY_ID.get(x.ruleId);
          if (!rule) continue;
          assert.strictEqual(x.severity, rule.severity, `${x.ruleId} in ${f}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 40);
  });
});
