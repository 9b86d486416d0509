// `netpol/diff` over JSON-RPC stdio: the built server diffs a scratch git
// repository's working tree against a branch, and reports git errors as data.
import * as assert from 'assert';
import * as path from 'path';
import { commitAll, scratchRepo, writeFiles } from '../cli/gitRepo';
import { removeTree } from '../cli/runCli';
import { fileUri, LspTestClient } from './harness';
import { APPS, dbPolicy as policy } from '../unit/diff/manifests';
import type { DiffResult } from '../../server/src/features/connectivityDiff';

describe('LSP netpol/diff', () => {
  let repo: string;
  let client: LspTestClient;
  before(async () => {
    repo = scratchRepo({ 'apps.yaml': APPS, 'policies/db.yaml': policy('backend') });
    writeFiles(repo, { 'policies/db.yaml': policy('frontend') });
    client = await LspTestClient.start({ workspaceFolders: [{ uri: fileUri(repo), name: 'repo' }] });
  });
  after(async () => {
    await client.shutdown();
    removeTree(repo);
  });

  it('diffs the working tree against a branch, with rule locations as uris', async () => {
    const result = (await client.connection.sendRequest('netpol/diff', { base: 'main' })) as DiffResult;
    assert.ok(result.ok, JSON.stringify(result));
    if (!result.ok) return;
    assert.strictEqual(result.report.base, 'main');
    assert.strictEqual(result.report.head, 'working tree');
    assert.deepStrictEqual(result.report.changes.map((c) => `${c.change} ${c.from} -> ${c.to} ${c.delta}`), ['added shop/frontend -> shop/db +TCP 3306']);
    const rule = result.report.changes[0].rules[0];
    assert.deepStrictEqual([rule.side, rule.file, rule.line, rule.range?.start.line], ['head', path.join('policies', 'db.yaml'), 8, 7]);
    assert.strictEqual(result.uris[rule.file!], fileUri(path.join(repo, 'policies', 'db.yaml')));
    assert.deepStrictEqual(result.graph.edges.map((e) => [e.id, e.change, e.ports]), [['shop/frontend->shop/db', 'added', 'TCP 3306']]);
    assert.match(result.svg ?? '', /^<svg [^>]*class="netpol-graph"[\s\S]*class="edge added"/);
  });

  it('answers an unknown revision, and a missing base, with an error message', async () => {
    const unknown = (await client.connection.sendRequest('netpol/diff', { base: 'nope', folder: fileUri(repo) })) as DiffResult;
    assert.deepStrictEqual(unknown.ok, false);
    assert.match(!unknown.ok ? unknown.error : '', /unknown revision nope/);
    const empty = (await client.connection.sendRequest('netpol/diff', {})) as DiffResult;
    assert.strictEqual(empty.ok, false);
  });

  it('a committed change is no difference against HEAD', async () => {
    commitAll(repo, 'allow frontend');
    const result = (await client.connection.sendRequest('netpol/diff', { base: 'HEAD' })) as DiffResult;
    assert.ok(result.ok && result.report.changes.length === 0, JSON.stringify(result));
  });
});
