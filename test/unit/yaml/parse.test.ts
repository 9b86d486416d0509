import * as assert from 'assert';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';

function covered(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

describe('parseYamlFile', () => {
  it('parses every document of a multi-document stream with ranges', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    const f = parseYamlFile(text);
    assert.strictEqual(f.documents.length, 3);
    assert.match(covered(text, f.documents[1].range), /^(---\n)?b: 2\n/);
    assert.match(covered(text, f.documents[2].range), /^(---\n)?c: 3\n$/);
    assert.deepStrictEqual(f.findings, []);
  });

  it('reports a syntax error at its range and keeps the other documents', () => {
    const text = 'a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n';
    const f = parseYamlFile(text);
    assert.strictEqual(f.documents.length, 3);
    assert.deepStrictEqual(f.documents.map((d) => d.hasErrors), [false, true, false]);
    assert.ok(f.findings.length >= 1);
    for (const x of f.findings) {
      assert.strictEqual(x.ruleId, 'netpol/yaml-syntax');
      assert.ok(x.range.start >= text.indexOf('b:') && x.range.end <= text.indexOf('d: 4'), `range ${JSON.stringify(x.range)} inside the broken document`);
    }
  });

  it('reads YAML 1.1 booleans as Kubernetes does', () => {
    const f = parseYamlFile('a: yes\nb: on\nc: "yes"\n');
    const js = f.documents[0].doc.toJS();
    assert.deepStrictEqual(js, { a: true, b: true, c: 'yes' });
  });

  it('refuses very deep flow nesting with one finding instead of parsing', () => {
    const text = 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const f = parseYamlFile(text);
    assert.strictEqual(f.skipped?.reason, 'too-deep');
    assert.strictEqual(f.findings.length, 1);
    assert.strictEqual(f.findings[0].ruleId, 'netpol/yaml-too-deep');
    assert.strictEqual(f.documents.length, 0);
  });

  it('skips Helm templates, binary files and files over the size limit', () => {
    assert.strictEqual(parseYamlFile('metadata:\n  name: {{ .Values.name }}\n').skipped?.reason, 'template');
    assert.strictEqual(parseYamlFile('a: 1\n', { path: '/chart/templates/np.yaml' }).skipped, undefined, 'no braces, no template');
    assert.strictEqual(parseYamlFile('x\u0000y').skipped?.reason, 'binary');
    assert.strictEqual(parseYamlFile('a: 1\n'.repeat(100), { maxLength: 50 }).skipped?.reason, 'too-large');
    assert.strictEqual(parseYamlFile('note: "{{ not a template }}"\n').skipped, undefined, 'quoted braces are plain text');
  });

  it('never throws on garbage', () => {
    for (const text of ['', '---', ': : :', '- - -\n  - ]', '\t\tx: y', 'a: &a [*a]', '%YAML 9.9\n---\n']) {
      const f = parseYamlFile(text);
      for (const x of f.findings) assert.ok(x.range.start >= 0 && x.range.end <= text.length);
    }
  });
});
