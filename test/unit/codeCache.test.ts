// The server bundle's V8 code cache: written when asked, served to the next
// load of the same file, missed by a changed file, survived when corrupt or
// unwritable, and switched off by NETPOL_CODE_CACHE=0. Each load runs in a
// fresh process: within one, V8 serves a recompiled source from its own
// compilation cache and never reads the code cache.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeCacheDir } from '../../server/src/codeCache';

const CODE_CACHE_JS = require.resolve('../../server/src/codeCache');

/** Loads `file` in a new process (saving the cache after when `save`), and returns how the cache served it and what the module exported. */
function loadInProcess(file: string, save = false): { cache: string; exports: Record<string, unknown> } {
  const script = `const l = require(${JSON.stringify(CODE_CACHE_JS)}).loadWithCodeCache(${JSON.stringify(file)}); ${save ? 'l.save();' : ''} const e = l.exports; console.log(JSON.stringify({ cache: l.cache, exports: { ...e, twice: e.twice(21) } }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: process.env, encoding: 'utf8' }));
}

describe('code cache for the server bundle', () => {
  let dir: string;
  let file: string;
  const saved = { dir: process.env.NETPOL_CODE_CACHE_DIR, off: process.env.NETPOL_CODE_CACHE };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-code-cache-'));
    file = path.join(dir, 'bundle.js');
    fs.writeFileSync(file, "const path = require('path');\nexports.twice = (n) => n * 2;\nexports.base = path.basename(__filename);\nexports.dir = __dirname;\n");
    process.env.NETPOL_CODE_CACHE_DIR = path.join(dir, 'cache');
    delete process.env.NETPOL_CODE_CACHE;
  });

  afterEach(() => {
    for (const [key, value] of [['NETPOL_CODE_CACHE_DIR', saved.dir], ['NETPOL_CODE_CACHE', saved.off]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cacheFiles = () => (fs.existsSync(codeCacheDir()) ? fs.readdirSync(codeCacheDir()) : []);

  it('runs the module as require would, and serves the saved cache to the next load', () => {
    const first = loadInProcess(file);
    assert.deepStrictEqual(first, { cache: 'absent', exports: { twice: 42, base: 'bundle.js', dir } });
    assert.deepStrictEqual(cacheFiles(), [], 'nothing is written until save()');
    assert.strictEqual(loadInProcess(file, true).cache, 'absent');
    assert.strictEqual(cacheFiles().length, 1);
    assert.ok(!cacheFiles()[0].endsWith('.tmp'));
    assert.deepStrictEqual(loadInProcess(file), { cache: 'accepted', exports: first.exports });
  });

  it('misses the cache of another version of the file', () => {
    loadInProcess(file, true);
    fs.appendFileSync(file, 'exports.more = true;\n');
    const changed = loadInProcess(file);
    assert.strictEqual(changed.cache, 'absent');
    assert.strictEqual(changed.exports.more, true);
  });

  it('loads the module when the cache is corrupt, and replaces it', () => {
    loadInProcess(file, true);
    const cacheFile = path.join(codeCacheDir(), cacheFiles()[0]);
    fs.writeFileSync(cacheFile, Buffer.from('not a V8 code cache'));
    const corrupt = loadInProcess(file, true);
    assert.deepStrictEqual(corrupt, { cache: 'rejected', exports: { twice: 42, base: 'bundle.js', dir } });
    assert.strictEqual(loadInProcess(file).cache, 'accepted');
  });

  it('costs only the cache when its folder cannot be written', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    process.env.NETPOL_CODE_CACHE_DIR = path.join(blocker, 'cache');
    assert.strictEqual(loadInProcess(file, true).exports.twice, 42);
    assert.strictEqual(loadInProcess(file).cache, 'absent');
  });

  it('is off with NETPOL_CODE_CACHE=0', () => {
    process.env.NETPOL_CODE_CACHE = '0';
    assert.strictEqual(loadInProcess(file, true).cache, 'off');
    assert.deepStrictEqual(cacheFiles(), []);
  });
});
