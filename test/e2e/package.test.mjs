#!/usr/bin/env node
// Checks the packaged .vsix: what is in it, what is not, and that the bundled
// server starts from the package alone (no node_modules is shipped).
//   node test/e2e/package.test.mjs netpol-inspector-0.1.0.vsix
// Prints "ok/FAIL name" lines and ends with "N passed, N failed".
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as assert from 'node:assert/strict';

const vsix = resolve(process.argv[2] ?? '');
if (!process.argv[2]) { console.error('usage: node test/e2e/package.test.mjs X.vsix'); process.exit(2); }

// Every file the package may hold, and the ones it must hold.
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/dist\/(extension|server|serverMain|analysisWorker|graphWorker|cli)\.js$/,
  /^extension\/dist\/webview\/(connectivity|diff)\.(js|css)$/,
  // The rule docs: SARIF output carries them as help text.
  /^extension\/docs\/rules\/[a-z0-9-]+\.md$/,
  /^extension\/syntaxes\/[\w.-]+\.json$/,
  /^extension\/schemas\/[\w.-]+\.schema\.json$/,
];
const REQUIRED = [
  'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
  'extension/images/icon.png', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/serverMain.js', 'extension/dist/analysisWorker.js', 'extension/dist/graphWorker.js', 'extension/dist/cli.js',
  'extension/dist/webview/connectivity.js', 'extension/dist/webview/connectivity.css',
  'extension/dist/webview/diff.js', 'extension/dist/webview/diff.css', 'extension/docs/rules/dns-egress-blocked.md',
  'extension/syntaxes/netpol-directives.injection.tmLanguage.json',
  'extension/schemas/netpol-config.schema.json',
];

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const entries = () => execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
let extracted;
const extract = () => {
  if (!extracted) {
    extracted = mkdtempSync(join(tmpdir(), 'netpol-vsix-'));
    execFileSync('unzip', ['-q', vsix, '-d', extracted]);
  }
  return join(extracted, 'extension');
};

test('holds the bundles, manifest, README, LICENSE, CHANGELOG, icon, grammar and config schema', () => {
  const have = new Set(entries());
  assert.deepEqual(REQUIRED.filter((f) => !have.has(f)), []);
});

test('holds nothing else: no sources, source maps, tests, examples or node_modules', () => {
  const list = entries();
  assert.deepEqual(list.filter((f) => !ALLOWED.some((re) => re.test(f))), []);
  // Spelled out too, so a loosened allow-list cannot let these in unnoticed.
  for (const bad of [/\.ts$/, /\.map$/, /node_modules\//, /^extension\/(test|out|server|client|scripts|examples|test-output)\//, /\.vsix$/]) {
    assert.deepEqual(list.filter((f) => bad.test(f)), [], String(bad));
  }
});

test('is lean (under 1.5 MB)', () => {
  const size = statSync(vsix).size;
  assert.ok(size < 1.5 * 1024 * 1024, `${size} bytes`);
});

test("the packaged manifest's entry points exist in the package", () => {
  const dir = extract();
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'netpol-inspector');
  assert.equal(pkg.publisher, 'netpol-inspector');
  // `npm run package` names the file after the version it packages.
  const named = /netpol-inspector-(\d+\.\d+\.\d+[^/]*)\.vsix$/.exec(vsix);
  if (named) assert.equal(named[1], pkg.version, `file name ${vsix} vs version ${pkg.version}`);
  for (const f of [pkg.main, pkg.bin?.netpol, pkg.icon].filter(Boolean)) statSync(join(dir, f));
  for (const g of pkg.contributes?.grammars ?? []) statSync(join(dir, g.path));
  for (const v of pkg.contributes?.yamlValidation ?? []) statSync(join(dir, v.url));
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'netpol.restartServer'));
  for (const id of ['netpol.showConnectivity', 'netpol.explainConnection']) assert.ok(pkg.contributes.commands.some((c) => c.command === id), id);
  assert.ok(pkg.activationEvents.includes('onWebviewPanel:netpol.connectivity'));
});

// The extension runs dist/server.js from the install folder: it must be a
// self-contained bundle. Start it from the extracted package (an empty temp
// folder: no node_modules to fall back on) and ask it to initialize.
test('the packaged server starts on its own and answers initialize over stdio', async () => {
  const dir = extract();
  const proc = spawn(process.execPath, [join(dir, 'dist/server.js'), '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const send = (msg) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  try {
    const reply = await new Promise((res, rej) => {
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => rej(new Error(`no initialize reply in 20 s; stderr: ${stderr}`)), 20_000);
      proc.on('exit', (code) => rej(new Error(`server exited ${code}: ${stderr}`)));
      proc.stdout.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          const head = buf.indexOf('\r\n\r\n');
          if (head < 0) return;
          const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())?.[1]);
          if (buf.length < head + 4 + len) return;
          const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
          buf = buf.subarray(head + 4 + len);
          if (msg.id === 1) { clearTimeout(timer); res(msg); }
        }
      });
      send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    });
    assert.equal(reply.result?.serverInfo?.name, 'netpol-inspector');
    assert.ok(reply.result.capabilities.textDocumentSync, 'document sync capability');
    send({ id: 2, method: 'shutdown' });
    send({ method: 'exit' });
  } finally {
    proc.kill();
  }
});

let passed = 0;
let failed = 0;
for (const t of tests) {
  try {
    await t.fn();
    passed++;
    console.log(`ok   package: ${t.name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL package: ${t.name}\n     ${String(e.stack || e).split('\n').join('\n     ')}`);
  }
}
if (extracted) rmSync(extracted, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
