// The built server over stdio: diagnostics after open and incremental
// changes, at exact UTF-16 positions, never stale, cleared on close.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { delay, LspTestClient, summarize } from './harness';

const ERROR = 1;
const uri = (name: string) => `file:///lsp-test/diagnostics/${name}`;
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'lsp', 'fixtures', name), 'utf8');

describe('LSP diagnostics over stdio', function () {
  this.timeout(20000);
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });

  after(async () => {
    await client?.shutdown();
  });

  it('puts an error on the right line of a CRLF file', async () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: demo', '  annotations:', '    note: "x" extra', ''].join('\r\n');
    await client.open(uri('crlf.yaml'), text);
    const published = await client.waitForDiagnostics(uri('crlf.yaml'));
    assert.strictEqual(published.version, 1);
    assert.deepStrictEqual(summarize(published), [
      // `extra` is line 5, characters 14..19: "\r" neither adds a line nor shifts the column.
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Unexpected scalar at node end', range: [5, 14, 5, 19] },
    ]);
    assert.strictEqual(published.diagnostics[0].source, 'netpol');
  });

  it('counts columns in UTF-16 units after an emoji and non-ASCII on the same line', async () => {
    // 😀 is two UTF-16 units (one code point, four UTF-8 bytes); é is one unit (two bytes).
    const text = 'metadata:\n  annotations:\n    note: "😀 café" extra\n';
    await client.open(uri('emoji.yaml'), text);
    const published = await client.waitForDiagnostics(uri('emoji.yaml'));
    assert.deepStrictEqual(summarize(published), [
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Unexpected scalar at node end', range: [2, 20, 2, 25] },
    ]);
  });

  it('keeps diagnosing the other documents of a file when one is broken', async () => {
    await client.open(uri('multi.yaml'), fixture('multi-document.yaml'));
    const published = await client.waitForDiagnostics(uri('multi.yaml'));
    assert.deepStrictEqual(summarize(published), [
      // Document 2: the unterminated flow sequence is reported where the document ends.
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Flow sequence in block collection must be sufficiently indented and end with a ]', range: [12, 0, 12, 1] },
      // Document 3, after the broken one, is still parsed and checked.
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Nested mappings are not allowed in compact mappings', range: [16, 8, 16, 9] },
    ]);
  });

  it('applies incremental edits, several in one change, and moves the error with the text', async () => {
    const u = uri('incremental.yaml');
    await client.open(u, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: "v" extra\n');
    assert.deepStrictEqual(summarize(await client.waitForVersion(u)).map((d) => d.range), [[5, 11, 5, 16]]);
    // Two edits in one didChange: three lines inserted at the top, a wider value on the error line.
    const top = client.rangeOf(u, 'apiVersion');
    const value = client.rangeOf(u, '"v"');
    await client.change(u, [
      { range: value, text: '"value"' },
      { range: { start: top.start, end: top.start }, text: '# one\n# two\n# three\n' },
    ]);
    assert.strictEqual(client.text(u), '# one\n# two\n# three\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: "value" extra\n');
    const published = await client.waitForVersion(u);
    assert.deepStrictEqual(summarize(published), [
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Unexpected scalar at node end', range: [8, 15, 8, 20] },
    ]);
  });

  it('clears the error when a change fixes it', async () => {
    const u = uri('fix.yaml');
    await client.open(u, 'metadata:\n  name: a: b\n');
    assert.deepStrictEqual(summarize(await client.waitForVersion(u)), [
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Nested mappings are not allowed in compact mappings', range: [1, 8, 1, 9] },
    ]);
    const version = await client.replace(u, 'a: b', 'ab');
    const published = await client.waitForVersion(u);
    assert.strictEqual(published.version, version);
    assert.deepStrictEqual(published.diagnostics, []);
  });

  it('clears the diagnostics when the document closes', async () => {
    const u = uri('close.yaml');
    await client.open(u, 'metadata:\n  name: a: b\n');
    assert.strictEqual((await client.waitForVersion(u)).diagnostics.length, 1);
    const before = client.publishedFor(u).length;
    await client.close(u);
    const cleared = await client.waitForDiagnostics(u, (p) => p.diagnostics.length === 0);
    assert.strictEqual(cleared.version, undefined);
    assert.strictEqual(client.publishedFor(u).length, before + 1);
    // Nothing is published for a closed document afterwards.
    await delay(400);
    assert.strictEqual(client.publishedFor(u).length, before + 1);
  });

  it('never publishes a stale version after a newer one', async () => {
    const u = uri('stale.yaml');
    await client.open(u, 'metadata:\n  name: ok\n');
    await client.waitForVersion(u);
    // A burst of edits, alternately breaking and fixing the document, faster than the debounce.
    for (let i = 0; i < 12; i++) {
      if (i % 2 === 0) await client.replace(u, 'name: ok', 'name: a: b');
      else await client.replace(u, 'name: a: b', 'name: ok');
    }
    await client.replace(u, 'name: ok', 'name: a: b');
    const last = client.version(u);
    assert.strictEqual(last, 14);
    const final = await client.waitForVersion(u);
    assert.deepStrictEqual(summarize(final).map((d) => d.range), [[1, 8, 1, 9]]);
    await delay(500);
    const versions = client.publishedFor(u).map((p) => p.version);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `published versions go back: ${versions.join(', ')}`);
    assert.strictEqual(versions[versions.length - 1], last);
    // The debounce coalesced the burst: the open, then far fewer publishes than edits.
    assert.ok(versions.length < 8, `expected the burst to be coalesced, got versions ${versions.join(', ')}`);
  });

  it('re-diagnoses a reopened document from its new text only', async () => {
    const u = uri('reopen.yaml');
    await client.open(u, 'metadata:\n  name: a: b\n');
    await client.waitForVersion(u);
    await client.close(u);
    await client.waitForDiagnostics(u, (p) => p.version === undefined && p.diagnostics.length === 0);
    await client.open(u, 'metadata:\n  name: fine\n');
    const published = await client.waitForDiagnostics(u, (p) => p.version === 1);
    assert.deepStrictEqual(published.diagnostics, []);
  });

  it('answers a too-deep file with one diagnostic and keeps serving', async () => {
    const u = uri('deep.yaml');
    const text = `a: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
    await client.open(u, text);
    const published = await client.waitForVersion(u);
    assert.deepStrictEqual(summarize(published), [
      { code: 'netpol/yaml-too-deep', severity: ERROR, message: 'YAML flow collections are nested more than 256 levels deep; the file was not analysed', range: [0, 259, 0, 260] },
    ]);
    await client.open(uri('after-deep.yaml'), 'metadata:\n  name: a: b\n');
    assert.strictEqual((await client.waitForVersion(uri('after-deep.yaml'))).diagnostics.length, 1);
  });
});
