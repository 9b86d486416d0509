// Exclude globs: compiled once per list, brace expansion capped.
import * as assert from 'assert';
import { braceExpand } from 'minimatch';
import { braceAlternatives, compileExcludes, MAX_BRACE_EXPANSION } from '../../../server/src/core/index/excludeGlobs';
import { isIndexedPath, shouldWalkFolder } from '../../../server/src/core/index/indexedPath';
import { assertWithinRatio } from './timing';

describe('exclude globs', () => {
  it('counts brace alternatives as minimatch expands them', () => {
    for (const glob of ['a', '{a,b}', '{a,b}/{c,d,e}', '{a,{b,c}}x', '{1..10}', '{a..e}/**', '{1..10..3}', 'x{}y', '{a}', '\\{a,b}', '{a,b', 'v{0..9}{0..9}', '{-3..3}', '{a,b{1..3},c}']) {
      assert.strictEqual(braceAlternatives(glob), braceExpand(glob).length, glob);
    }
    assert.strictEqual(braceAlternatives('{1..100000}/**'), 100000);
  });

  it('ignores a glob that expands too far, and says why; the others still apply', () => {
    const excludes = ['{1..100000}/**', 'vendor/**'];
    const c = compileExcludes(excludes);
    assert.deepStrictEqual(c.ignored.map((i) => i.glob), ['{1..100000}/**']);
    assert.match(c.ignored[0].reason, new RegExp(`more than ${MAX_BRACE_EXPANSION}`));
    assert.strictEqual(isIndexedPath('vendor/a.yaml', { exclude: excludes }), false);
    assert.strictEqual(isIndexedPath('5/a.yaml', { exclude: excludes }), true);
    assert.strictEqual(shouldWalkFolder('vendor', { exclude: excludes }), false);
    assert.strictEqual(isIndexedPath('x/a.yaml', { exclude: ['{x,y}/**'] }), false);
    assert.strictEqual(shouldWalkFolder('y', { exclude: ['{x,y}/**'] }), false);
  });

  it('compiles once per list: paths cost the same with a huge brace pattern as without', () => {
    const paths = Array.from({ length: 2000 }, (_, i) => `dir${i % 50}/sub/f${i}.yaml`);
    const huge = ['{1..100000}/**', 'vendor/**'];
    const plain = ['vendor/**'];
    const run = (exclude: readonly string[]) => () => paths.filter((p) => isIndexedPath(p, { exclude }) && shouldWalkFolder(p.split('/')[0], { exclude })).length;
    assert.strictEqual(run(huge)(), paths.length);
    assertWithinRatio('{1..100000}/**', run(huge), run(plain), 10);
  });
});
