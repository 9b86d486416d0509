// Lone CR ends a line in YAML as LF and CRLF do: the parser reads a copy with
// each lone CR as LF, the file keeps its bytes, and every range means the
// same character in both.
import * as assert from 'assert';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';
import { yamlLineBreaks } from '../../../server/src/core/yaml/lineIndex';
import { extractObjects } from '../../../server/src/core/model/extract';
import { analyzeText } from '../../../server/src/core/analyze';
import type { Workload } from '../../../server/src/core/model/types';

const DEPLOYMENT = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  template:', '    metadata:', '      labels:', '        app: web', '        tier: "front', '          end"', ''];
const POLICY = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: p', 'spec:', '  podSelector: {matchLabels: {app: web}}', '  ingress:', '  - ports:', '    - port: 99999', ''];

function summary(text: string) {
  const file = parseYamlFile(text);
  const { objects, findings } = extractObjects(file);
  return {
    findings: findings.map((f) => [f.ruleId, f.range]),
    syntax: file.findings.map((f) => [f.ruleId, f.range]),
    objects: objects.map((o) => ({ kind: o.kind, name: o.metadata.name, labels: (o as Workload).podLabels?.map((l) => [l.key, l.value]) })),
  };
}

describe('YAML line breaks: LF, CRLF and lone CR', () => {
  it('yamlLineBreaks keeps the length and every CRLF, turns lone CRs into LF', () => {
    const text = 'a\rb\r\nc\r\r\nd\n\r';
    const copy = yamlLineBreaks(text);
    assert.strictEqual(copy, 'a\nb\r\nc\n\r\nd\n\n');
    assert.strictEqual(copy.length, text.length);
  });

  for (const [name, eol] of [['CR', '\r'], ['CRLF', '\r\n'], ['CR CRLF', '\r\r\n']] as const) {
    it(`a Deployment with ${name} line ends reads as with LF, at the same offsets`, () => {
      // CR CRLF is two line breaks: a blank line after each.
      const lf = DEPLOYMENT.join(eol === '\r\r\n' ? '\n\r\n' : '\n');
      const other = DEPLOYMENT.join(eol);
      const a = summary(lf);
      const b = summary(other);
      assert.deepStrictEqual(b.syntax, []);
      assert.strictEqual(b.objects.length, 1);
      // Same values; ranges map to the same text in each file.
      const la = a.objects[0].labels!.map(([k, v]) => [k.value, v.value]);
      const lb = b.objects[0].labels!.map(([k, v]) => [k.value, v.value]);
      assert.deepStrictEqual(lb, la);
      const name0 = b.objects[0].name!;
      assert.strictEqual(other.slice(name0.range.start, name0.range.end), 'web');
      if (eol !== '\r\n') assert.deepStrictEqual(b, a, 'one character per line break: identical offsets');
    });
  }

  it('errors in a CR-only file land on their own line and column', () => {
    const text = POLICY.join('\r');
    const analysis = analyzeText(text);
    const port = analysis.findings.find((f) => text.slice(f.range.start, f.range.end) === '99999');
    assert.ok(port, JSON.stringify(analysis.findings));
    assert.deepStrictEqual(analysis.parsed.lines.rangeOf(port.range).start, { line: 8, character: 12 });
    assert.strictEqual(analysis.parsed.text, text, 'the text is kept as it was');
  });

  it('a syntax error after lone CRs is on the right line', () => {
    const text = 'a: 1\rb: [\rc: 2\r';
    const file = parseYamlFile(text);
    assert.ok(file.findings.length > 0);
    for (const f of file.findings) {
      const start = file.lines.positionAt(f.range.start);
      assert.ok(start.line >= 1, JSON.stringify([f, start]));
    }
  });
});
