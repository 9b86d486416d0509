// Loads a CommonJS bundle with a V8 code cache, so that a later start skips
// compiling the functions an earlier one ran (Node 20 has no
// module.enableCompileCache). The cache is taken when the caller says (at
// exit: it then holds every function that ran, not only the eagerly compiled
// top level that vm's produceCachedData gives), and is keyed by the file's
// size and mtime, V8's version and the architecture: any other build, Node
// or editor runtime misses it, and V8 itself rejects a stale one. Any I/O
// error only costs the cache. NETPOL_CODE_CACHE=0 switches it off;
// NETPOL_CODE_CACHE_DIR moves it (default: the OS temp folder).
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire, wrap } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

export interface CachedLoad {
  exports: unknown;
  /** How the cache served this load. */
  cache: 'accepted' | 'rejected' | 'absent' | 'off';
  /** Writes the cache from what has been compiled so far, unless it was accepted or is off. */
  save(): void;
}

export function codeCacheDir(): string {
  return process.env.NETPOL_CODE_CACHE_DIR || path.join(os.tmpdir(), 'netpol-inspector-code-cache');
}

function cacheFileFor(file: string, stat: fs.Stats): string {
  const key = [path.resolve(file), stat.size, stat.mtimeMs, process.versions.v8, process.arch].join('\0');
  return path.join(codeCacheDir(), `${path.basename(file)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.cache`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside, then renamed: a concurrent start never reads half a file.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch {
    // A read-only or full disk costs only the cache.
  }
}

export function loadWithCodeCache(file: string): CachedLoad {
  const source = fs.readFileSync(file, 'utf8');
  const off = process.env.NETPOL_CODE_CACHE === '0';
  const cacheFile = off ? undefined : cacheFileFor(file, fs.statSync(file));
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const cache = off ? 'off' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  let saved = false;
  const save = () => {
    if (saved || !cacheFile || cache === 'accepted') return;
    saved = true;
    writeCache(cacheFile, script.createCachedData());
  };
  return { exports: module.exports, cache, save };
}
