// `netpol.exclude` globs, compiled once per list (settings change), not once
// per path: minimatch expands braces and builds regexes on every call, and a
// pattern like `{1..100000}/**` (a repository's settings can ship one) made
// every path cost 0.6 s. Patterns whose braces expand past a cap are left out
// and listed, so the LSP layer can say so once in its log.
import { Minimatch } from 'minimatch';

/** More alternatives than this and the pattern is ignored. */
export const MAX_BRACE_EXPANSION = 1000;

export interface CompiledExcludes {
  /** Whether the path (relative, `/`-separated) matches an exclude glob. */
  matches(relPath: string): boolean;
  /** Whether a folder is excluded as a whole (`vendor`, `vendor/**`). */
  excludesFolder(relDir: string): boolean;
  /** Globs left out, with the reason, for the log. */
  ignored: { glob: string; reason: string }[];
}

interface Pattern {
  full: Minimatch;
  /** `a/**` also excludes the folder `a` itself. */
  folder?: Minimatch;
}

const byList = new WeakMap<readonly string[], CompiledExcludes>();
let last: { key: string; compiled: CompiledExcludes } | undefined;

/** The compiled form of a glob list; the same list (or an equal one asked for in a row) is compiled once. */
export function compileExcludes(globs: readonly string[]): CompiledExcludes {
  const hit = byList.get(globs);
  if (hit) return hit;
  const key = JSON.stringify(globs);
  const compiled = last?.key === key ? last.compiled : build(globs);
  last = { key, compiled };
  byList.set(globs, compiled);
  return compiled;
}

function build(globs: readonly string[]): CompiledExcludes {
  const patterns: Pattern[] = [];
  const ignored: { glob: string; reason: string }[] = [];
  for (const glob of globs) {
    const n = braceAlternatives(glob);
    if (n > MAX_BRACE_EXPANSION) {
      ignored.push({ glob, reason: `its braces expand to ${Number.isFinite(n) ? n : 'too many'} patterns (more than ${MAX_BRACE_EXPANSION})` });
      continue;
    }
    try {
      const full = new Minimatch(glob, { dot: true });
      const folder = glob.endsWith('/**') ? new Minimatch(glob.slice(0, -3), { dot: true }) : undefined;
      patterns.push({ full, folder });
    } catch (e) {
      ignored.push({ glob, reason: (e as Error).message });
    }
  }
  return {
    matches: (p) => patterns.some((g) => g.full.match(p)),
    excludesFolder: (p) => patterns.some((g) => g.full.match(p) || (g.folder !== undefined && g.folder.match(p))),
    ignored,
  };
}

/**
 * How many patterns the braces of a glob expand to, computed without
 * expanding: `{a,b}` adds its members' counts, `{1..9}` counts its range,
 * groups in a row multiply. Infinity past a few hundred levels of nesting.
 */
export function braceAlternatives(glob: string): number {
  const close = matchingBraces(glob);
  const seq = (from: number, to: number, depth: number): number => {
    if (depth > 200) return Infinity;
    let n = 1;
    for (let i = from; i < to; i++) {
      if (glob[i] === '\\') i++;
      else if (glob[i] === '{' && close[i] >= 0 && close[i] < to) {
        n *= group(i, close[i], depth + 1);
        i = close[i];
      }
    }
    return n;
  };
  const group = (open: number, end: number, depth: number): number => {
    // Top-level commas split the members.
    const commas: number[] = [];
    for (let i = open + 1; i < end; i++) {
      if (glob[i] === '\\') i++;
      else if (glob[i] === '{' && close[i] >= 0) i = close[i];
      else if (glob[i] === ',') commas.push(i);
    }
    if (commas.length > 0) {
      let sum = 0;
      let start = open + 1;
      for (const c of [...commas, end]) {
        sum += seq(start, c, depth);
        start = c + 1;
      }
      return sum;
    }
    const range = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(glob.slice(open + 1, end));
    if (range) {
      const value = (s: string) => (/^-?\d+$/.test(s) ? Number(s) : s.charCodeAt(0));
      const step = Math.max(1, Math.abs(Number(range[3] ?? 1)) || 1);
      return Math.floor(Math.abs(value(range[2]) - value(range[1])) / step) + 1;
    }
    return seq(open + 1, end, depth);
  };
  return seq(0, glob.length, 0);
}

/** For each `{`, the index of its `}` (-1 when unbalanced); escapes skipped. */
function matchingBraces(glob: string): number[] {
  const close = new Array<number>(glob.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') open.push(i);
    else if (glob[i] === '}' && open.length > 0) close[open.pop()!] = i;
  }
  return close;
}
