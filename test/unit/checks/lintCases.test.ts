// The data-driven cases of the lint rules of this test (test/rules/<id>/<case>/),
// checked on the index directly: each case folder is a workspace, and the
// findings of its rule (all rules run, so replacement applies) must be those
// of expected.json. The shared runner (test/rules/rules.test.ts) checks the
// same cases through the CLI and over LSP. UPDATE_RULE_EXPECTATIONS=1 rewrites them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runIndexChecks } from '../../../server/src/core/checks';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { applySuppressions } from '../../../server/src/core/suppressions';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'rules');
const RULES = ['ignored-rules', 'egress-only-denies-ingress', 'empty-egress-ignored', 'dns-port-without-udp', 'selector-never-matches', 'redundant-rule', 'allow-all-shadows'];

interface Expected {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}

function caseFindings(dir: string, ruleId: string): Expected[] {
  const index = new WorkspaceIndex();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  for (const f of files) index.setFile(`file:///case/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'));
  const out: Expected[] = [];
  for (const f of files) {
    const uri = `file:///case/${f}`;
    const file = index.getFile(uri)!;
    const found = applySuppressions(runIndexChecks(index, uri), file.text, file.analysis.parsed.lines).filter((x) => x.ruleId === ruleId);
    for (const x of found) {
      const pos = file.analysis.parsed.lines.positionAt(x.range.start);
      out.push({ file: f, line: pos.line + 1, column: pos.character + 1, severity: x.severity, message: x.message });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

describe('lint rule cases (test/rules)', () => {
  for (const rule of RULES) {
    const dir = path.join(ROOT, rule);
    if (!fs.existsSync(dir)) continue;
    for (const c of fs.readdirSync(dir).sort()) {
      it(`${rule}/${c}`, () => {
        const expectedFile = path.join(dir, c, 'expected.json');
        const got = caseFindings(path.join(dir, c), `netpol/${rule}`);
        if (process.env.UPDATE_RULE_EXPECTATIONS === '1') fs.writeFileSync(expectedFile, JSON.stringify({ findings: got }, null, 2) + '\n');
        const expected = (JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { findings: Expected[] }).findings;
        assert.deepStrictEqual(got, expected);
        if (c.startsWith('fires-')) assert.ok(got.length > 0, 'a fires- case must have a finding');
        if (c.startsWith('silent-')) assert.deepStrictEqual(got, [], 'a silent- case must have none');
      });
    }
  }
});
