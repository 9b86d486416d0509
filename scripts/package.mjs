#!/usr/bin/env node
// Packages the extension into netpol-inspector-<version>.vsix with @vscode/vsce,
// offline. Expects `npm run build` to have written dist/ (`npm run package`
// does both). What goes in is decided by .vscodeignore.
//   node scripts/package.mjs [--out FILE]   prints the .vsix path last
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

for (const f of ['dist/extension.js', 'dist/server.js', 'dist/analysisWorker.js', 'dist/graphWorker.js', 'dist/cli.js', 'dist/webview/connectivity.js', 'dist/webview/connectivity.css']) {
  if (!existsSync(join(root, f))) {
    console.error(`${f} missing: run \`npm run build\` first (or \`npm run package\`)`);
    process.exit(1);
  }
}

// The bundles carry every dependency, so node_modules is not shipped.
const args = ['package', '--no-dependencies', '-o', out];
// Without a repository URL vsce cannot turn the README's relative image links
// (docs/images/...) into absolute ones and refuses to package: keep them
// relative instead (they show on the repository's page).
if (!pkg.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');

const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
const r = spawnSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(out);
