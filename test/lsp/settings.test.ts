// netpol.rules severities, disable comments, and settings from clients that
// push them instead of answering workspace/configuration.
import * as assert from 'assert';
import { delay, LspTestClient, summarize } from './harness';

const ERROR = 1;
const WARNING = 2;
const BROKEN = 'metadata:\n  name: a: b\n';
const uri = (name: string) => `file:///lsp-test/settings/${name}`;

describe('LSP settings and disable comments', function () {
  this.timeout(20000);

  describe('with workspace/configuration', () => {
    let client: LspTestClient;

    before(async () => {
      client = await LspTestClient.start({ settings: { rules: { 'netpol/yaml-syntax': 'warning' } } });
    });

    after(async () => {
      await client?.shutdown();
    });

    it('applies a per-rule severity from the first pull', async () => {
      await client.open(uri('severity.yaml'), BROKEN);
      const published = await client.waitForVersion(uri('severity.yaml'));
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-syntax', severity: WARNING, message: 'Nested mappings are not allowed in compact mappings', range: [1, 8, 1, 9] },
      ]);
    });

    it('re-publishes open documents when the settings change; "off" silences a rule', async () => {
      const u = uri('severity.yaml');
      const before = client.publishedFor(u).length;
      await client.setSettings({ rules: { 'yaml-syntax': 'off' } });
      // A publish already under way with the old settings may still land first: wait for the new one.
      const published = await client.waitForDiagnostics(u, (p) => client.publishedFor(u).indexOf(p) >= before && p.diagnostics.length === 0);
      assert.deepStrictEqual(published.diagnostics, []);
      assert.strictEqual(published.version, 1);
      await client.setSettings({});
      const back = await client.waitForDiagnostics(u, (p) => p.diagnostics.length === 1);
      assert.strictEqual(back.diagnostics[0].severity, ERROR);
    });

    it('ignores invalid setting values instead of failing', async () => {
      const u = uri('invalid-settings.yaml');
      await client.setSettings({ rules: { 'netpol/yaml-syntax': 'loud', other: 42 }, maxFileSizeKb: 'big', exclude: 'x' });
      await client.open(u, BROKEN);
      const published = await client.waitForVersion(u);
      assert.deepStrictEqual(summarize(published).map((d) => [d.code, d.severity]), [['netpol/yaml-syntax', ERROR]]);
      await client.setSettings({});
    });

    it('skips a document over netpol.maxFileSizeKb with a note in the log', async () => {
      const u = uri('big.yaml');
      await client.open(u, `${'# padding\n'.repeat(120)}metadata:\n  name: a: b\n`);
      assert.deepStrictEqual(summarize(await client.waitForVersion(u)).map((d) => d.range), [[121, 8, 121, 9]]);
      await client.setSettings({ maxFileSizeKb: 1 });
      assert.deepStrictEqual((await client.waitForDiagnostics(u, (p) => p.diagnostics.length === 0)).version, 1);
      const log = await client.waitForLog((m) => m.startsWith(`${u}: skipped`));
      assert.strictEqual(log.message, `${u}: skipped: 1223 characters is over the limit of 1024`);
      await client.setSettings({});
      assert.strictEqual((await client.waitForDiagnostics(u, (p) => p.diagnostics.length === 1)).diagnostics[0].code, 'netpol/yaml-syntax');
    });

    it('honours # netpol-disable-next-line for the named rule, on the next line only', async () => {
      const u = uri('next-line.yaml');
      const text = [
        'a:',
        '  # netpol-disable-next-line netpol/yaml-syntax -- a known quirk',
        '  b: c: d',
        '  e: f: g',
        '',
      ].join('\n');
      await client.open(u, text);
      const published = await client.waitForVersion(u);
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Nested mappings are not allowed in compact mappings', range: [3, 5, 3, 6] },
      ]);
    });

    it('keeps a finding when the disable comment names another rule', async () => {
      const u = uri('other-rule.yaml');
      await client.open(u, 'a:\n  # netpol-disable-next-line netpol/invalid-port\n  b: c: d\n');
      const published = await client.waitForVersion(u);
      assert.deepStrictEqual(summarize(published).map((d) => d.range), [[2, 5, 2, 6]]);
    });

    it('honours # netpol-disable-file without rule ids, in a CRLF file', async () => {
      const u = uri('file.yaml');
      await client.open(u, '# netpol-disable-file\r\na:\r\n  b: c: d\r\n  e: f: g\r\n');
      const published = await client.waitForVersion(u);
      assert.deepStrictEqual(published.diagnostics, []);
    });

    it('honours # netpol-disable-next-line without rule ids', async () => {
      const u = uri('next-line-all.yaml');
      await client.open(u, 'a:\n  #netpol-disable-next-line\n  b: c: d\n');
      assert.deepStrictEqual((await client.waitForVersion(u)).diagnostics, []);
    });
  });

  describe('without workspace/configuration (settings pushed, as Neovim and Helix do)', () => {
    let client: LspTestClient;

    before(async () => {
      client = await LspTestClient.start({
        configuration: false,
        initializationOptions: { settings: { netpol: { rules: { 'netpol/yaml-syntax': 'hint' } } } },
      });
    });

    after(async () => {
      await client?.shutdown();
    });

    it('reads settings from initializationOptions, then from didChangeConfiguration', async () => {
      const u = uri('pushed.yaml');
      await client.open(u, BROKEN);
      assert.deepStrictEqual(summarize(await client.waitForVersion(u)).map((d) => d.severity), [4]);
      await client.setSettings({ rules: { 'netpol/yaml-syntax': 'warning' } });
      const published = await client.waitForDiagnostics(u, (p) => p.diagnostics[0]?.severity === WARNING);
      assert.strictEqual(published.version, 1);
      await delay(50);
      assert.deepStrictEqual(client.requests.filter((r) => r.method === 'workspace/configuration'), []);
    });
  });
});
