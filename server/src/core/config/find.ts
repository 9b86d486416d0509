// Where the project config is: `.netpol.yaml` (or `.netpol.yml`) in the
// folder or the nearest folder above it. The search stops at the repository
// root (the first folder holding `.git`, a folder or a worktree's file) or at
// the file system root, so a stray config above the repository (in $HOME) is
// never picked up. Pure over an injected probe: the CLI passes fs.statSync,
// the server the same; tests pass a set of paths.
import * as path from 'path';
import { CONFIG_FILE_NAMES } from './types';

export interface FsProbe {
  /** Whether `p` exists and is a regular file. */
  isFile(p: string): boolean;
  /** Whether `p` exists (file or folder). */
  exists(p: string): boolean;
}

/** The config file for `startDir` (absolute), or undefined when none is found. */
export function findConfigFile(startDir: string, probe: FsProbe, pathApi: path.PlatformPath = path): string | undefined {
  let dir = pathApi.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = pathApi.join(dir, name);
      if (probe.isFile(candidate)) return candidate;
    }
    if (probe.exists(pathApi.join(dir, '.git'))) return undefined;
    const parent = pathApi.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Whether a path names a config file (by its base name). */
export function isConfigFileName(p: string): boolean {
  const base = p.split(/[\\/]/).pop() ?? '';
  return (CONFIG_FILE_NAMES as readonly string[]).includes(base);
}
