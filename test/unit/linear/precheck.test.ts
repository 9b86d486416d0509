// The Helm template scan: same answers as the regex it replaced, in linear time.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { looksLikeTemplate } from '../../../server/src/core/yaml/precheck';
import { assertWithinRatio } from './timing';

/** The former rule, as a regex (quadratic in blank lines): the reference for small texts. */
function reference(text: string): boolean {
  if (!text.includes('{{')) return false;
  return /(^|[:\-]\s*|^\s*)\{\{/m.test(text);
}

const CHARS = [' ', ' ', '\t', '\n', '\r', '{', '{', '}', ':', '-', '"', 'a', '\u2028', '\u00a0'];
const textArb = fc.array(fc.constantFrom(...CHARS), { maxLength: 60 }).map((cs) => cs.join(''));

describe('looksLikeTemplate', () => {
  it('agrees with the former regex on random texts', () => {
    fc.assert(fc.property(textArb, (text) => assert.strictEqual(looksLikeTemplate(text), reference(text), JSON.stringify(text))), { numRuns: 5000 });
  });

  it('recognises templates and lets quoted {{ }} through', () => {
    assert.strictEqual(looksLikeTemplate('a: {{ .Values.x }}\n'), true);
    assert.strictEqual(looksLikeTemplate('- {{ .x }}\n'), true);
    assert.strictEqual(looksLikeTemplate('a:\n\n   {{- if .x }}\n'), true);
    assert.strictEqual(looksLikeTemplate('a: 1\r{{ end }}\r'), true);
    assert.strictEqual(looksLikeTemplate('summary: "{{ $labels.pod }} is down"\n'), false);
    assert.strictEqual(looksLikeTemplate('a: b\n', 'chart/templates/x.yaml'), false);
    assert.strictEqual(looksLikeTemplate('a: "{{ x }}"\n', 'chart/templates/x.yaml'), true);
  });

  it('is linear in blank lines when a quoted {{ appears (a PrometheusRule)', () => {
    const rule = '      summary: "{{ $labels.instance }} is down"\n';
    const blank = '\n'.repeat(60_000) + rule;
    const ordinary = 'x\n'.repeat(30_000) + rule;
    assert.strictEqual(looksLikeTemplate(blank), false);
    assertWithinRatio('60k blank lines', () => looksLikeTemplate(blank), () => looksLikeTemplate(ordinary), 10);
  });

  it('is linear in a long run of spaces before many {{', () => {
    const spaces = ' '.repeat(60_000) + 'a"{{'.repeat(5_000);
    const ordinary = 'ab'.repeat(30_000) + 'a"{{'.repeat(5_000);
    assertWithinRatio('60k spaces', () => looksLikeTemplate(spaces), () => looksLikeTemplate(ordinary), 10);
  });
});
