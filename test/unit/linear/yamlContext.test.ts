// Completion's reading of `key:` lines: same answers as the regex it
// replaced, and linear in long runs of spaces (re-read for every line above).
import * as assert from 'assert';
import * as fc from 'fast-check';
import { splitKey, yamlContextAt } from '../../../server/src/core/index/features/yamlContext';
import { assertWithinRatio } from './timing';

const KEY_RE = /^("[^"]*"|'[^']*'|[^\s#'"\-{\[][^#:]*?|-[^\s#:][^#:]*?)\s*:(?=\s|$)(.*)$/;

const CHARS = [' ', ' ', '\t', ':', ':', '#', '-', '"', "'", 'a', 'b', '{', '[', '\r', '\u00a0'];
const lineArb = fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((cs) => cs.join(''));

describe('yamlContext key lines', () => {
  it('splitKey agrees with the former regex on random lines', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        const m = KEY_RE.exec(line);
        const k = splitKey(line);
        assert.strictEqual(k === undefined, m === null, JSON.stringify(line));
        if (m && k) {
          assert.strictEqual(k.key.trim(), m[1].trim(), JSON.stringify(line));
          assert.strictEqual(k.after, m[2], JSON.stringify(line));
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('still reads keys, quoted keys and values', () => {
    assert.deepStrictEqual(splitKey('app: web # note'), { key: 'app', after: ' web # note' });
    assert.deepStrictEqual(splitKey('"a:b" : x'), { key: '"a:b"', after: ' x' });
    assert.strictEqual(splitKey('http://x'), undefined);
    assert.strictEqual(splitKey('- x: 1'), undefined);
  });

  it('is linear in a 40,000-space run on lines above the cursor', () => {
    const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector:\n    matchLabels:\n';
    const run = (n: number) => `      a${' '.repeat(n)}b\n`;
    const hostile = head + run(40_000).repeat(3) + '      ap';
    const ordinary = head + `      a${'b'.repeat(40_000)}b\n`.repeat(3) + '      ap';
    const ctx = yamlContextAt(hostile, hostile.length);
    assert.deepStrictEqual(ctx?.path, ['spec', 'podSelector', 'matchLabels']);
    assertWithinRatio('40k spaces', () => yamlContextAt(hostile, hostile.length), () => yamlContextAt(ordinary, ordinary.length), 10);
  });
});
