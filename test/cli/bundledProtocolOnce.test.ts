// The server bundle turns vscode-languageserver (CommonJS, ~700 exports) into
// an ES namespace once: esbuild makes that copy in every bundled file that
// imports values from it, and 14 copies cost ~13 ms of CPU at each start.
// Our files import it through server/src/lsp/protocol.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './runCli';

describe('the server bundle loads vscode-languageserver once', () => {
  it('copies its exports in one place', () => {
    const code = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'serverMain.js'), 'utf8');
    const loader = /\/\/ node_modules\/vscode-languageserver\/node\.js\nvar (\w+) = __commonJS\(/.exec(code);
    assert.ok(loader, 'dist/serverMain.js bundles vscode-languageserver/node.js');
    const copies = code.split(`__toESM(${loader[1]}())`).length - 1;
    assert.strictEqual(copies, 1, `${copies} files import vscode-languageserver's values directly; import them from lsp/protocol.ts`);
  });
});
