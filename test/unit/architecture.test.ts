// ARCHITECTURE.md's one-way flow, checked on the source tree: the core is pure
// and imports no shell; the shells (cli/, and lsp/ with features/) share the
// core and never each other, so a helper that the CLI and the server both need
// lives in core (this is how explainView.ts and probeArgs.ts moved there).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../server/src');

interface LayerRule {
  /** Top-level folders (or entry files) under the source root that this layer must not import. */
  layers: string[];
  /** Packages this layer must not import. */
  packages: RegExp;
}

const RULES: Record<string, LayerRule> = {
  core: { layers: ['cli', 'lsp', 'features', 'server', 'cli.ts', 'server.ts'], packages: /^vscode/ },
  cli: { layers: ['lsp', 'features', 'server.ts'], packages: /^vscode/ },
  lsp: { layers: ['cli', 'cli.ts'], packages: /^vscode$/ },
  features: { layers: ['cli', 'cli.ts'], packages: /^vscode$/ },
};

/**
 * The one documented crossing (ARCHITECTURE.md, cli/): the server's `netpol/diff`
 * reads other revisions with the CLI's git reader and its report, which do I/O
 * (the `git` command, a temp folder) and so cannot live in the pure core.
 */
const ALLOWED = new Set(['features/connectivityDiff.ts -> cli/diffReport', 'features/connectivityDiff.ts -> cli/diffSources']);

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The modules a file imports or re-exports: package names as written, relative ones as paths under root. */
function importsOf(root: string, file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const pattern = /^\s*(?:import|export)\b[^'";]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'|\brequire\('([^']+)'\)|\bimport\('([^']+)'\)/gm;
  return [...text.matchAll(pattern)].map((m) => {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    return spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : spec;
  });
}

function topLevel(rel: string): string {
  const [first, ...rest] = rel.split('/');
  return rest.length === 0 && !first.endsWith('.ts') ? `${first}.ts` : first;
}

/** `file -> import` for every import that breaks a layer's rule. */
function violations(root: string): string[] {
  const bad: string[] = [];
  for (const file of tsFiles(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const rule = RULES[topLevel(rel)];
    if (!rule) continue;
    for (const spec of importsOf(root, file)) {
      const relative = spec.startsWith('..') || spec.includes('/') && fs.existsSync(path.join(root, topLevel(spec).replace(/\.ts$/, '')));
      const broken = relative ? rule.layers.includes(topLevel(spec)) : rule.packages.test(spec);
      if (broken && !ALLOWED.has(`${rel} -> ${spec}`)) bad.push(`${rel} -> ${spec}`);
    }
  }
  return bad;
}

describe('architecture: one-way imports', () => {
  it('finds the source tree', () => {
    assert.ok(tsFiles(SRC).length > 100, `only ${tsFiles(SRC).length} files under ${SRC}`);
  });

  it('no layer imports a layer above it or a shell beside it', () => {
    assert.deepStrictEqual(violations(SRC), []);
  });

  it('an upward import, a shell importing the other shell and vscode in core are each caught', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-arch-'));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      write('cli/explain.ts', 'export const x = 1;\n');
      write('lsp/session.ts', 'export const s = 1;\n');
      write('core/policy/ok.ts', "import { y } from '../model/types';\nexport const z = y;\n");
      write('core/model/types.ts', 'export const y = 1;\n');
      write('core/graph/up.ts', "import { x } from '../../cli/explain';\nexport { x };\n");
      write('core/pure.ts', "import type { Range } from 'vscode-languageserver';\nexport type R = Range;\n");
      write('features/view.ts', "import { x } from '../cli/explain';\nimport { s } from '../lsp/session';\nexport const v = x + s;\n");
      assert.deepStrictEqual(violations(root).sort(), [
        'core/graph/up.ts -> cli/explain',
        'core/pure.ts -> vscode-languageserver',
        'features/view.ts -> cli/explain',
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
