// Exclude globs of .netpol.yaml are relative to the config file's folder; the
// walkers match paths relative to their own root (a CLI argument, a
// workspace folder). Rebasing keeps a glob's meaning when the two differ.
import * as path from 'path';

/**
 * `globs` (relative to `configDir`) as globs relative to `root`. A root below
 * the config's folder keeps the globs under it (prefix stripped) and the ones
 * that match at any depth (`**\/...`); a root above gets the prefix added.
 * Globs that cannot match under `root` are dropped.
 */
export function rebaseExcludes(globs: readonly string[], configDir: string, root: string, pathApi: path.PlatformPath = path): string[] {
  const rel = pathApi.relative(configDir, root).split(pathApi.sep).join('/');
  if (rel === '') return [...globs];
  const out: string[] = [];
  if (rel.startsWith('..') || pathApi.isAbsolute(rel)) {
    // The root is above (or beside) the config: prefix the globs with the config's place under the root.
    const down = pathApi.relative(root, configDir).split(pathApi.sep).join('/');
    if (down.startsWith('..') || pathApi.isAbsolute(down)) return [];
    for (const g of globs) out.push(`${down}/${g.replace(/^\.\//, '')}`);
    return out;
  }
  for (const raw of globs) {
    const g = raw.replace(/^\.\//, '');
    if (g.startsWith('**/') || g === '**') out.push(g);
    else if (g.startsWith(`${rel}/`)) out.push(g.slice(rel.length + 1));
  }
  return out;
}
