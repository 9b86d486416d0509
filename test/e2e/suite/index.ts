// Suite runner loaded *inside* VS Code's extension host (extensionTestsPath):
// VS Code calls run() and reports resolve/reject as exit code 0/1, which
// test/e2e/run.mjs receives through code-server's codeAutomationExit hook.
// Runs every compiled `*.e2e.test.js` beside this file with mocha (bdd UI).
import * as fs from 'fs';
import * as path from 'path';
// `import = require` compiles to a plain require under module commonjs/node16,
// whatever esModuleInterop says (mocha is a CommonJS class export).
import Mocha = require('mocha');

// run.mjs echoes the forwarded console between these markers and parses the
// result line, so keep them in sync with it.
const BEGIN = '--- netpol-e2e suite begin ---';
const RESULT = 'NETPOL_E2E_RESULT';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false, // output goes to the browser console, not a terminal
    // Language server start-up and the first diagnostics take seconds.
    timeout: Number(process.env.NETPOL_E2E_TEST_TIMEOUT ?? 60_000),
    grep: process.env.NETPOL_E2E_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.test.js'))
    .sort();
  console.log(BEGIN);
  if (files.length === 0) {
    // A suite that runs nothing must not look green.
    console.log(`${RESULT} ${JSON.stringify({ passed: 0, failed: 1 })}`);
    return Promise.reject(new Error(`no *.e2e.test.js files in ${__dirname}`));
  }
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        console.log(`${RESULT} ${JSON.stringify({ passed, failed: failures })}`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      console.log(`${RESULT} ${JSON.stringify({ passed: 0, failed: 1 })}`);
      reject(err);
    }
  });
}
