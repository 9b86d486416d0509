// The real server writes its bundle's code cache when it exits, and the next
// start still answers with it in place.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspTestClient } from './harness';

describe('LSP server code cache', function () {
  this.timeout(30000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lsp-code-cache-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is written at exit and serves the next start', async () => {
    const env = { NETPOL_CODE_CACHE_DIR: dir, NETPOL_CODE_CACHE: '1' };
    const first = await LspTestClient.start({ env });
    assert.deepStrictEqual(fs.readdirSync(dir), [], 'nothing is written while the server runs');
    assert.strictEqual(await first.shutdown(), 0);
    const written = fs.readdirSync(dir);
    assert.strictEqual(written.length, 1);
    assert.match(written[0], /^serverMain\.js-[0-9a-f]{16}\.cache$/);
    const stat = fs.statSync(path.join(dir, written[0]));
    assert.ok(stat.size > 100000, `a cache of the functions that ran: ${stat.size} bytes`);
    const second = await LspTestClient.start({ env });
    await second.waitForLog((m) => m.startsWith('netpol-inspector server started'));
    assert.strictEqual(await second.shutdown(), 0);
    assert.strictEqual(fs.statSync(path.join(dir, written[0])).mtimeMs, stat.mtimeMs, 'an accepted cache is not rewritten');
  });
});
