// core/config/find.ts over a fake file system, and core/config/excludes.ts.
import * as assert from 'assert';
import * as path from 'path';
import { findConfigFile, isConfigFileName } from '../../../server/src/core/config/find';
import { rebaseExcludes } from '../../../server/src/core/config/excludes';

function probe(paths: string[]) {
  const files = new Set(paths.filter((p) => !p.endsWith('/')));
  const dirs = new Set(paths.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)));
  return { isFile: (p: string) => files.has(p), exists: (p: string) => files.has(p) || dirs.has(p) };
}

describe('findConfigFile', () => {
  const p = path.posix;

  it('finds the config in the folder itself, .netpol.yaml before .netpol.yml', () => {
    assert.strictEqual(findConfigFile('/repo', probe(['/repo/.netpol.yaml', '/repo/.netpol.yml']), p), '/repo/.netpol.yaml');
    assert.strictEqual(findConfigFile('/repo', probe(['/repo/.netpol.yml']), p), '/repo/.netpol.yml');
  });

  it('finds the nearest config upward', () => {
    const fs = probe(['/repo/.git/', '/repo/.netpol.yaml', '/repo/a/.netpol.yaml']);
    assert.strictEqual(findConfigFile('/repo/a/b/c', fs, p), '/repo/a/.netpol.yaml');
    assert.strictEqual(findConfigFile('/repo/x', fs, p), '/repo/.netpol.yaml');
  });

  it('stops at the repository root: a config above it is not used', () => {
    assert.strictEqual(findConfigFile('/home/me/repo/k8s', probe(['/home/me/.netpol.yaml', '/home/me/repo/.git/']), p), undefined);
    // A worktree's .git is a file.
    assert.strictEqual(findConfigFile('/w/tree/k8s', probe(['/w/.netpol.yaml', '/w/tree/.git']), p), undefined);
  });

  it('stops at the file system root without a repository', () => {
    assert.strictEqual(findConfigFile('/a/b', probe([]), p), undefined);
    assert.strictEqual(findConfigFile('/a/b', probe(['/.netpol.yaml']), p), '/.netpol.yaml');
  });

  it('ignores a folder named like the config', () => {
    assert.strictEqual(findConfigFile('/r', probe(['/r/.netpol.yaml/', '/r/.netpol.yml']), p), '/r/.netpol.yml');
  });

  it('recognises config file names', () => {
    assert.ok(isConfigFileName('/a/.netpol.yaml') && isConfigFileName('C:\\a\\.netpol.yml'));
    assert.ok(!isConfigFileName('/a/netpol.yaml') && !isConfigFileName('/a/.netpol.yaml.bak'));
  });
});

describe('rebaseExcludes', () => {
  const p = path.posix;
  it('keeps globs for the same folder', () => {
    assert.deepStrictEqual(rebaseExcludes(['gen/**', '**/x.yaml'], '/r', '/r', p), ['gen/**', '**/x.yaml']);
  });
  it('strips the prefix for a folder below the config, keeps ** globs, drops the rest', () => {
    assert.deepStrictEqual(rebaseExcludes(['app/gen/**', '**/x.yaml', 'other/**', './app/y.yaml'], '/r', '/r/app', p), ['gen/**', '**/x.yaml', 'y.yaml']);
  });
  it('adds the prefix for a folder above the config', () => {
    assert.deepStrictEqual(rebaseExcludes(['gen/**'], '/r/app', '/r', p), ['app/gen/**']);
  });
  it('drops everything for an unrelated folder', () => {
    assert.deepStrictEqual(rebaseExcludes(['gen/**'], '/r/app', '/s', p), []);
  });
});
