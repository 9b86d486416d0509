// The floor a whole `netpol check DIR` process is compared with: a process
// that finds the same YAML files, reads them and parses them with the same
// `yaml` options the project uses, and does nothing else.
// `--env-once`: with `process.env` replaced by a plain copy first, so that
// `yaml`'s per-token debug-switch lookups cost what they cost in the
// project's bundles (scripts/yamlEnvOnce.mjs): the floor without that saving.
// Usage: node out/test/bench/bareParse.js DIR [--env-once]
import * as fs from 'fs';
import * as path from 'path';

if (process.argv.includes('--env-once')) {
  Object.defineProperty(process, 'env', { value: { ...process.env }, writable: true, configurable: true, enumerable: true });
}
// Loaded after the switch above, as the bundles load it.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { parseAllDocuments } = require('yaml') as typeof import('yaml');

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
}

const files: string[] = [];
walk(path.resolve(process.argv[2] ?? '.'), files);
let documents = 0;
for (const f of files.sort()) documents += parseAllDocuments(fs.readFileSync(f, 'utf8'), { version: '1.1', uniqueKeys: false, prettyErrors: false, merge: true }).length;
process.stdout.write(`${files.length} files, ${documents} documents\n`);
