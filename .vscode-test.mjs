// The standard @vscode/test-cli configuration: `npm run test:vscode` runs the
// same API-level e2e suites (test/e2e/suite) in a downloaded desktop VS Code,
// for machines with internet access. Here, where VS Code cannot be
// downloaded, `npm run test:e2e` runs them in code-server instead.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// The suites edit files (and undo): give them a copy of examples/.
const workspace = mkdtempSync(join(tmpdir(), 'netpol-vscode-test-'));
cpSync('examples', workspace, { recursive: true });

export default defineConfig({
  label: 'e2e',
  files: 'out/test/e2e/suite/*.e2e.test.js',
  version: 'stable',
  workspaceFolder: workspace,
  mocha: { ui: 'bdd', timeout: 60000 },
});
