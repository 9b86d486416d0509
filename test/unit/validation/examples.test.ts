import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../../server/src/core/analyze';
import { RULES, RULE_BY_ID } from '../../../server/src/core/policy/validation';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex';

// out/test/unit/validation -> repository root
const ROOT = path.resolve(__dirname, '../../../..');
const DIR = path.join(ROOT, 'examples', 'mistakes');
/** Too big to show in an example (256 KiB of annotations); covered by meta.test.ts. */
const NOT_IN_EXAMPLES = new Set(['netpol/annotations-too-long']);

function files(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(DIR, f));
}

describe('examples/mistakes', () => {
  it('holds plain YAML, no Helm templates', () => {
    assert.ok(files().length >= 5);
    for (const f of files()) assert.ok(!fs.readFileSync(f, 'utf8').includes('{{'), f);
  });

  it('covers every validation rule (strict and lenient CIDR validation together)', () => {
    const seen = new Set<string>();
    for (const f of files()) {
      const text = fs.readFileSync(f, 'utf8');
      for (const strictCidr of [true, false]) for (const x of analyzeText(text, { path: f, strictCidr }).findings) seen.add(x.ruleId);
    }
    const missing = RULES.map((r) => r.id).filter((id) => !seen.has(id) && !NOT_IN_EXAMPLES.has(id));
    assert.deepStrictEqual(missing, []);
  });

  it('comments each finding, naming its rule, on a line the finding covers', () => {
    for (const f of files()) {
      const text = fs.readFileSync(f, 'utf8');
      const lines = new LineIndex(text);
      const rows = text.split(/\r?\n/);
      for (const x of analyzeText(text, { path: f }).findings) {
        if (!RULE_BY_ID.has(x.ruleId)) continue;
        const { start, end } = lines.rangeOf(x.range);
        const short = x.ruleId.replace('netpol/', '');
        const commented = rows.slice(start.line, end.line + 1).some((row) => /#.*/.test(row) && row.slice(row.indexOf('#')).includes(short));
        assert.ok(commented, `${path.basename(f)}:${start.line + 1} ${x.ruleId} ${x.message} has no "# ${short}" comment`);
      }
    }
  });
});
