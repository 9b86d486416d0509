import * as assert from 'assert';
import * as fc from 'fast-check';
import { looksBinary, maxBlockDepth, maxFlowDepth, scanBlockDepth, scanFlowDepth } from '../../../server/src/core/yaml/precheck';

// The shortcuts skip the character scans on ordinary manifests; they must
// never change an answer, so they are checked against the full scans.
const CHARS = [' ', ' ', ' ', '-', '?', 'a', 'b', ':', '\n', '\n', '\t', '[', ']', '{', '}', '"', "'", '#', '|', '\r'];
const textArb = fc.array(fc.constantFrom(...CHARS), { maxLength: 200 }).map((cs) => cs.join(''));

describe('YAML prechecks: shortcuts agree with the full scans', () => {
  it('block depth, on random texts and small limits', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 0, max: 8 }), (text, limit) => {
        assert.strictEqual(maxBlockDepth(text, limit), scanBlockDepth(text, limit));
      }),
      { numRuns: 3000 },
    );
  });

  it('flow depth, on random texts and small limits', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 0, max: 8 }), (text, limit) => {
        assert.strictEqual(maxFlowDepth(text, limit), scanFlowDepth(text, limit));
      }),
      { numRuns: 3000 },
    );
  });

  it('still refuses deep nesting, and finds the first offending column', () => {
    const maps = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    const at = maxBlockDepth(maps, 256);
    assert.strictEqual(at, maps.indexOf('k256:'));
    const seqs = '- '.repeat(300) + 'x\n';
    assert.strictEqual(maxBlockDepth(seqs, 256), 2 * 256);
    assert.strictEqual(maxFlowDepth('a: ' + '['.repeat(300) + ']'.repeat(300), 256), 3 + 256);
  });

  it('lets an ordinary manifest through without a full scan finding anything', () => {
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {app: a}\nspec:\n  containers:\n  - name: c\n    ports: [{containerPort: 80}]\n';
    assert.strictEqual(maxBlockDepth(manifest, 256), undefined);
    assert.strictEqual(maxFlowDepth(manifest, 256), undefined);
    assert.strictEqual(maxBlockDepth(manifest, 4), scanBlockDepth(manifest, 4));
  });
});

describe('looksBinary', () => {
  // The loop the regex shortcut stands in front of, as the reference.
  function reference(text: string): boolean {
    const sample = text.slice(0, 8192);
    let control = 0;
    for (let i = 0; i < sample.length; i++) {
      const c = sample.charCodeAt(i);
      if (c === 0) return true;
      if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
    }
    return sample.length > 0 && control / sample.length > 0.1;
  }

  it('agrees with a count of the control characters, on text, binary and borderline inputs', () => {
    const cases = ['', 'kind: Pod\n', 'a:\tb\r\n\fc: d\n', 'x\u0000y', '\u0001'.repeat(2) + 'a'.repeat(17), '\u0001'.repeat(2) + 'a'.repeat(18), '\ufffd'.repeat(3) + 'abc', 'a'.repeat(8192) + '\u0000', '\u000b\u000e\u001f' + 'z'.repeat(20)];
    for (const c of cases) assert.strictEqual(looksBinary(c), reference(c), JSON.stringify(c.slice(0, 30)));
    assert.deepStrictEqual(cases.map((c) => looksBinary(c)), [false, false, false, true, true, false, true, false, true]);
  });

  it('agrees with the count on random texts of text and control characters', () => {
    const chars = ['a', ' ', '\n', '\t', '\r', '\f', '\u0001', '\u000b', '\u001f', '\ufffd', '\u0000', '\u007f'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 60 }).map((cs) => cs.join('')), (text) => {
        assert.strictEqual(looksBinary(text), reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
