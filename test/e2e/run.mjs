#!/usr/bin/env node
// End-to-end entry point for CI:
//   node test/e2e/run.mjs --vsix netpol-inspector.vsix [--only api|ui] [--repo DIR] [--out DIR]
// Installs the .vsix into a fresh code-server, opens a temp copy of examples/,
// then (A) runs the compiled mocha suite out/test/e2e/suite/index.js inside the
// real extension host (extension loaded from the repo as a dev extension) and
// (B) drives the UI in chromium, taking screenshots into test-output/e2e/.
// Needs scripts/setup-e2e.sh first. Ends with "N passed, N failed".
import { existsSync } from 'node:fs';
import { rm, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as h from './harness.mjs';

const { values: opt } = parseArgs({
  options: {
    vsix: { type: 'string' },
    only: { type: 'string' }, // 'api' or 'ui'
    repo: { type: 'string' }, // for testing the harness on another extension
    out: { type: 'string' },
    timeout: { type: 'string' }, // API suite timeout, ms
  },
});
if (!opt.vsix) { console.error('usage: node test/e2e/run.mjs --vsix path.vsix [--only api|ui]'); process.exit(2); }
const repo = resolve(opt.repo ?? h.REPO_ROOT);
const outDir = resolve(opt.out ?? join(repo, 'test-output/e2e'));
const suiteIndex = join(repo, 'out/test/e2e/suite/index.js');

// Shared with test/e2e/suite/index.ts.
const BEGIN = '--- netpol-e2e suite begin ---';
const RESULT = /NETPOL_E2E_RESULT (\{.*\})/;

let passed = 0;
let failed = 0;
const record = (name, ok, err) => {
  ok ? passed++ : failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${err ? `\n     ${String(err.stack || err).split('\n').join('\n     ')}` : ''}`);
};

// (A) API-level suite. Its mocha output is echoed (from the BEGIN marker on)
// and its own pass/fail counts are added to ours.
async function apiSuite(s) {
  if (!existsSync(suiteIndex)) { record('api suite', false, `${suiteIndex} missing: compile test/e2e/suite first (tsc)`); return; }
  let inSuite = false;
  let counts;
  const code = await h.runExtensionTests(s.browser, s.server, {
    workspace: s.workspace,
    extensionDevelopmentPath: repo,
    extensionTestsPath: suiteIndex,
    consoleLog: join(outDir, 'logs/api-console.log'),
    echo: false,
    timeoutMs: Number(opt.timeout ?? 300_000),
    onConsole: (text) => {
      const m = RESULT.exec(text);
      if (m) { counts = JSON.parse(m[1]); inSuite = false; }
      if (inSuite) console.log(`  | ${text.replace(/^(INFO|WARN|ERR|DEBUG|TRACE) /, '')}`);
      if (text.includes(BEGIN)) inSuite = true;
    },
  });
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    // Exit code and counts must agree; if not (a crash after mocha), fail.
    if ((code === 0) !== (counts.failed === 0)) record(`api suite exit code ${code}`, false);
    console.log(`api suite: exit ${code}, ${counts.passed} passed, ${counts.failed} failed`);
  } else {
    record(`api suite (exit ${code}, no result line; see logs/api-console.log)`, false);
  }
}

// (B) UI tests: what a person sees. They share one window (a new window costs
// 10-20 s on this 2-core machine); Escape between tests closes any widget. A
// screenshot is taken at the end of each test, pass or fail.
// TODO(lead): tighten to the real extension's findings once examples/mistakes
// has files; the hover test needs the server's hover provider.
// The diagnostic source (server/src/lsp/toDiagnostic.ts) stands on its own line
// in the Problems panel text, after the message.
const DIAG_SOURCE = /^netpol\b/m;
const UI_TESTS = [
  {
    name: 'ui: Problems panel shows netpol diagnostics for an example',
    async run(page) {
      await h.openFile(page, await firstYaml());
      await h.openProblems(page);
      await h.waitForProblems(page, (t) => DIAG_SOURCE.test(t), 60_000);
    },
  },
  {
    name: 'ui: hover over "kind: NetworkPolicy" shows extension text',
    async run(page) {
      await h.openFile(page, await firstYaml());
      await h.hoverText(page, 'NetworkPolicy');
    },
  },
];

let uiWs; // the UI tests' own copy of examples/ (the API suite may write files in its copy)
// The file the UI tests open: the first example under mistakes/ (made to have
// findings), else the first .yaml at all.
async function firstYaml() {
  const all = (await readdir(uiWs, { recursive: true })).filter((p) => /\.ya?ml$/.test(p)).sort();
  const f = all.find((p) => p.startsWith('mistakes/')) ?? all[0];
  if (!f) throw new Error('no .yaml in examples/');
  return f;
}

async function uiTests(s) {
  let page;
  try {
    page = await h.openWorkbench(s.browser, s.server, uiWs, { consoleLog: join(outDir, 'logs/ui-console.log') });
  } catch (e) {
    record('ui: workbench opens', false, e);
    return;
  }
  for (const [i, t] of UI_TESTS.entries()) {
    try {
      await t.run(page);
      record(t.name, true);
    } catch (e) {
      record(t.name, false, e);
    }
    const shot = await h.screenshot(page, outDir, `ui-${i + 1}`).catch(() => null);
    if (shot) console.log(`     screenshot: ${shot}`);
    await page.keyboard.press('Escape').catch(() => {});
  }
  await page.close().catch(() => {});
}

async function main() {
  const t0 = Date.now();
  h.assertInstalled();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'logs'), { recursive: true });
  if (!existsSync(join(repo, 'examples'))) throw new Error(`${repo}/examples missing`);
  const apiWs = await h.copyToTemp(join(repo, 'examples'));
  uiWs = await h.copyToTemp(join(repo, 'examples'));
  const s = await h.startSession({ vsix: opt.vsix, workspace: apiWs, logDir: join(outDir, 'logs') });
  console.log(`code-server ${s.server.url}, workspaces ${apiWs} (api) ${uiWs} (ui), logs ${join(outDir, 'logs')}`);
  try {
    if (opt.only !== 'ui') await apiSuite(s);
    if (opt.only !== 'api') await uiTests(s);
  } finally {
    await s.dispose();
    for (const d of [apiWs, uiWs]) await rm(d, { recursive: true, force: true });
  }
  console.log(`e2e took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  record('e2e setup', false, e);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
