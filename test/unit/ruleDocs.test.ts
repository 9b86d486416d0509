// Every rule has its page (docs/rules/<id>.md, with the sections users look
// for), every page names a rule that exists, and diagnostics link to it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultRules } from '../../server/src/core/ruleRegistry';
import { ruleDocName, ruleDocUrl } from '../../server/src/core/ruleDocs';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import { toDiagnostic } from '../../server/src/lsp/toDiagnostic';

const DOCS = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules');
const SECTIONS = ['## What it catches', '## Why it matters', '## Bad', '## Good', '## How to silence'];

describe('rule docs (docs/rules)', () => {
  const ids = defaultRules().all().map((r) => r.id);

  it('every rule id of the registry has a page with the required sections, in order', () => {
    assert.ok(ids.length >= 38, `${ids.length} rules`);
    for (const id of ids) {
      const file = path.join(DOCS, `${ruleDocName(id)}.md`);
      assert.ok(fs.existsSync(file), `${id}: ${file} is missing`);
      const text = fs.readFileSync(file, 'utf8');
      const lines = text.split('\n');
      assert.strictEqual(lines[0], `# ${id}`, `${id}: the title is the id`);
      assert.ok(lines[1] === '' && lines[2].trim().length > 10, `${id}: a one-line summary follows the title`);
      let at = 0;
      for (const section of SECTIONS) {
        const next = lines.indexOf(section, at);
        assert.ok(next > at, `${id}: "${section}" missing or out of order`);
        at = next;
      }
      for (const section of ['## Bad', '## Good']) {
        // The section, up to the next heading: a manifest block, maybe after a sentence.
        const body = text.slice(text.indexOf(section) + section.length).split(/\n## /)[0];
        assert.match(body, /\n```(yaml|json)\n[\s\S]+?\n```/, `${id}: ${section} has a yaml (or json) block`);
      }
      assert.ok(text.includes(`# netpol-disable-next-line ${id}`), `${id}: the suppression comment`);
      assert.ok(text.includes('netpol.rules') && text.includes('rules:'), `${id}: the settings switch`);
    }
  });

  it('every page names a rule that exists', () => {
    const known = new Set(ids.map(ruleDocName));
    for (const file of fs.readdirSync(DOCS)) {
      assert.ok(file.endsWith('.md'), file);
      assert.ok(known.has(file.slice(0, -3)), `${file} documents no known rule`);
    }
  });

  it('a diagnostic links its rule page (codeDescription.href); other ids get no link', () => {
    const lines = new LineIndex('a: b\n');
    const d = toDiagnostic({ ruleId: 'netpol/duplicate-policy', severity: 'error', message: 'm', range: { start: 0, end: 1 } }, lines);
    assert.strictEqual(d.codeDescription?.href, 'https://github.com/netpol-inspector/netpol-inspector/blob/main/docs/rules/duplicate-policy.md');
    assert.strictEqual(ruleDocUrl('other/x'), undefined);
    assert.strictEqual(toDiagnostic({ ruleId: 'other/x', severity: 'error', message: 'm', range: { start: 0, end: 1 } }, lines).codeDescription, undefined);
  });

  it('related places become relatedInformation; places without text (the cluster model) are left out', () => {
    const here = new LineIndex('a: b\n');
    const there = new LineIndex('x: 1\nname: deny\n');
    const f = {
      ruleId: 'netpol/duplicate-policy',
      severity: 'error' as const,
      message: 'm',
      range: { start: 0, end: 1 },
      related: [
        { uri: 'file:///w/b.yaml', range: { start: 11, end: 15 }, message: 'the other copy' },
        { uri: 'netpol-cluster:/cluster-model.yaml', range: { start: 0, end: 0 }, message: 'no file' },
      ],
    };
    const d = toDiagnostic(f, here, (uri) => (uri === 'file:///w/b.yaml' ? there : undefined));
    assert.deepStrictEqual(d.relatedInformation, [{ location: { uri: 'file:///w/b.yaml', range: { start: { line: 1, character: 6 }, end: { line: 1, character: 10 } } }, message: 'the other copy' }]);
    assert.strictEqual(toDiagnostic({ ...f, related: [] }, here).relatedInformation, undefined);
  });
});
