// Go's encoding/json errors (what kubectl prints for a broken JSON manifest),
// at the offending character; and JSON manifests parsed with exact ranges.
import * as assert from 'assert';
import { checkJsonSyntax, quoteChar } from '../../../server/src/core/json/syntax';
import { analyzeText } from '../../../server/src/core/analyze';
import { isNetworkPolicy, isWorkload } from '../../../server/src/core/model/types';

function err(text: string): [string, number] | undefined {
  const e = checkJsonSyntax(text);
  return e && [e.message, e.offset];
}

describe('JSON syntax in Go\'s words', () => {
  it('accepts valid JSON', () => {
    for (const text of ['{}', '[]', ' [ ] ', '{"a": [1, -0.5e+3, 0, true, false, null, "\\u00e9\\ud83d\\ude00\\/\\n"], "b": {}}', '"x"', '1', '\ufeff'.slice(1) + '{"a":{"b":[[]]}}\r\n']) {
      assert.strictEqual(checkJsonSyntax(text), undefined, text);
    }
  });

  it('reports the first error as encoding/json does, where it is', () => {
    const cases: [string, string, number][] = [
      ['{"a": 1,}', "invalid character '}' looking for beginning of object key string", 8],
      ['{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair", 8],
      ['{"a" 1}', "invalid character '1' after object key", 5],
      ['[1, ]', "invalid character ']' looking for beginning of value", 4],
      ['[1 2]', "invalid character '2' after array element", 3],
      ['{"a": tru}', "invalid character '}' in literal true (expecting 'e')", 9],
      ['{"a": nul}', "invalid character '}' in literal null (expecting 'l')", 9],
      ['{"a": x}', "invalid character 'x' looking for beginning of value", 6],
      ['{a: 1}', "invalid character 'a' looking for beginning of object key string", 1],
      ["{'a': 1}", "invalid character '\\'' looking for beginning of object key string", 1],
      ['{"a": "x\ny"}', "invalid character '\\n' in string literal", 8],
      ['{"a": "\\x"}', "invalid character 'x' in string escape code", 8],
      ['{"a": "\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape", 11],
      ['{"a": -x}', "invalid character 'x' in numeric literal", 7],
      ['{"a": 1.}', "invalid character '}' after decimal point in numeric literal", 8],
      ['{"a": 1e}', "invalid character '}' in exponent of numeric literal", 8],
      ['{"a": 01}', "invalid character '1' after object key:value pair", 7],
      ['{} {}', "invalid character '{' after top-level value", 3],
      ['{"a": 1} // note', "invalid character '/' after top-level value", 9],
      ['\ufeff{}', "invalid character '\\ufeff' looking for beginning of value", 0],
      ['{"a": [1, 2}', "invalid character '}' after array element", 11],
      ['{"a": 1', 'unexpected end of JSON input', 7],
      ['{"a": "x', 'unexpected end of JSON input', 8],
      ['', 'unexpected end of JSON input', 0],
    ];
    for (const [text, message, offset] of cases) assert.deepStrictEqual(err(text), [message, offset], text);
  });

  it('quotes characters as Go does', () => {
    assert.deepStrictEqual(['}', "'", '"', '\t', '\u0001', 'é'].map(quoteChar), ["'}'", "'\\''", "'\"'", "'\\t'", "'\\x01'", "'é'"]);
  });

  it('is iterative and bounded: 10 million `[` is refused as too deep, not a stack overflow', () => {
    const e = checkJsonSyntax('['.repeat(10_000_000));
    assert.deepStrictEqual(e && [e.kind, e.offset], ['too-deep', 256]);
    assert.strictEqual(checkJsonSyntax('['.repeat(200) + ']'.repeat(200)), undefined);
  });
});

describe('JSON manifests analysed', () => {
  const POLICY = [
    '{',
    '  "apiVersion": "networking.k8s.io/v1",',
    '  "kind": "NetworkPolicy",',
    '  "metadata": {"name": "caf\\u00e9", "namespace": "shop", "labels": {"a": "1", "a": "2"}},',
    '  "spec": {',
    '\t"podSelector": {"matchLabels": {"app": "yes", "tier": "0777"}},',
    '\t"ingress": [{"ports": [{"port": 70000}]}]',
    '  }',
    '}',
  ].join('\r\n');

  it('findings point at the JSON text; escapes decoded; yes and 0777 stay strings; duplicate keys reported', () => {
    const a = analyzeText(POLICY, { path: 'p.json' });
    const at = (f: { range: { start: number; end: number } }) => POLICY.slice(f.range.start, f.range.end);
    const policy = a.objects.find(isNetworkPolicy)!;
    assert.strictEqual(policy.metadata.name?.value, 'café');
    assert.deepStrictEqual(policy.podSelector?.matchLabels?.items.map((l) => [l.key.value, l.value.value]), [['app', 'yes'], ['tier', '0777']]);
    const byRule = Object.fromEntries(a.findings.map((f) => [f.ruleId, at(f)]));
    assert.strictEqual(byRule['netpol/invalid-port'], '70000');
    assert.strictEqual(byRule['netpol/duplicate-field'], '"a"');
    assert.deepStrictEqual(Object.keys(byRule).sort(), ['netpol/duplicate-field', 'netpol/invalid-name', 'netpol/invalid-port']);
  });

  it('a syntax error is one finding at its character; nothing else is read', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"},\n}';
    const a = analyzeText(text, { path: 'pod.json' });
    assert.deepStrictEqual(a.findings.map((f) => [f.ruleId, f.message, f.range.start]), [['netpol/json-syntax', "invalid character '}' looking for beginning of object key string", text.length - 1]]);
    assert.deepStrictEqual(a.objects, []);
  });

  it('non-manifests analyse to nothing (a note only for who reads it), without parsing', () => {
    const a = analyzeText('{"name": "x", "dependencies": {}', { path: 'package.json' });
    assert.deepStrictEqual([a.findings, a.objects, a.parsed.documents, a.parsed.skipped?.reason], [[], [], [], 'not-a-manifest']);
  });

  it('a PodList read as JSON: items take the list\'s kind; language json without a .json path', () => {
    const text = '{"apiVersion": "v1", "items": [{"metadata": {"name": "p", "namespace": "shop", "labels": {"app": "web"}}, "spec": {"containers": []}}], "kind": "PodList"}';
    const a = analyzeText(text, { path: 'untitled:1', language: 'json' });
    assert.deepStrictEqual(a.findings, []);
    const [pod] = a.objects.filter(isWorkload);
    assert.deepStrictEqual([pod.kind, text.slice(pod.range.start, pod.range.end).slice(0, 14)], ['Pod', '{"metadata": {']);
  });
});
