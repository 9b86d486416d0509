import * as assert from 'assert';
import * as fc from 'fast-check';
import { maxBlockDepth, maxFlowDepth, scanBlockDepth, scanFlowDepth } from '../../../server/src/core/yaml/precheck';

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
