// The README's diagnostics table is generated from the rule catalogue; this
// keeps the two in step. `UPDATE_README=1` rewrites the table after a reviewed change.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultRules } from '../../server/src/core/ruleRegistry';
import { ruleDocName } from '../../server/src/core/ruleDocs';
import { REPO_ROOT } from './runCli';

const README = path.join(REPO_ROOT, 'README.md');
const BLOCK = /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/;

function rulesTable(): string {
  const rows = defaultRules()
    .all()
    .map((r) => `| [\`${r.id}\`](docs/rules/${ruleDocName(r.id)}.md) | ${r.shortDescription.replace(/\|/g, '\\|')} | ${r.offByDefault ? `off (opt-in; ${r.defaultSeverity} when on)` : r.defaultSeverity} |`);
  return ['| rule id | meaning | default severity |', '|---|---|---|', ...rows, ''].join('\n');
}

describe('README diagnostics table', () => {
  it('lists every rule of the catalogue with its default severity', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const match = BLOCK.exec(readme);
    assert.ok(match, 'README.md has a <!-- rules:start --> ... <!-- rules:end --> block');
    const expected = rulesTable();
    if (process.env.UPDATE_README === '1') {
      fs.writeFileSync(README, readme.replace(BLOCK, `$1${expected}$2`));
      return;
    }
    for (const r of defaultRules().all()) assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${ruleDocName(r.id)}.md`)), `the table links docs/rules for ${r.id}`);
    const actual = readme.slice(match.index + match[1].length, match.index + match[0].length - match[2].length);
    assert.strictEqual(actual, expected, 'README rules table is stale: run UPDATE_README=1 npx mocha --no-config out/test/cli/readme.test.js');
  });
});
