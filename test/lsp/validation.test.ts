// API-server validation findings as the editor receives them: exact rule id,
// message and range, after edits, with severities and disable comments.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LspTestClient, summarize } from './harness';

const ERROR = 1;
const WARNING = 2;
const uri = (name: string) => `file:///lsp-test/validation/${name}`;
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'lsp', 'fixtures', name), 'utf8');

const PORT_70000 = 'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive';

const policy = (lines: string[], eol = '\n') =>
  ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: web', '  namespace: shop', 'spec:', ...lines, ''].join(eol);

describe('LSP validation diagnostics over stdio', function () {
  this.timeout(20000);
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });

  after(async () => {
    await client?.shutdown();
  });

  it('reports validation findings of every policy around a broken document', async () => {
    const u = uri('multi.yaml');
    await client.open(u, fixture('policies-multi.yaml'));
    assert.deepStrictEqual(summarize(await client.waitForVersion(u)), [
      { code: 'netpol/invalid-port', severity: ERROR, message: PORT_70000, range: [17, 12, 17, 17] },
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Flow sequence in block collection must be sufficiently indented and end with a ]', range: [23, 0, 23, 1] },
      {
        code: 'netpol/invalid-cidr',
        severity: ERROR,
        message: 'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        range: [35, 14, 35, 25],
      },
    ]);
  });

  it('places a validation error on the right line of a CRLF file', async () => {
    const u = uri('crlf-policy.yaml');
    await client.open(u, policy(['  podSelector: {}', '  ingress:', '  - ports:', '    - port: 70000'], '\r\n'));
    assert.deepStrictEqual(summarize(await client.waitForVersion(u)), [
      { code: 'netpol/invalid-port', severity: ERROR, message: PORT_70000, range: [9, 12, 9, 17] },
    ]);
  });

  it('counts UTF-16 units for a finding after an emoji on the same line', async () => {
    const u = uri('emoji-policy.yaml');
    // "café-😀" is 9 UTF-16 units with its quotes (8 code points, 12 UTF-8 bytes).
    await client.open(u, policy(['  podSelector:', '    matchLabels: {tier: "café-😀", "bad key!": x}']));
    const published = await client.waitForVersion(u);
    assert.deepStrictEqual(
      summarize(published).map((d) => [d.code, d.range]),
      [
        ['netpol/invalid-label-value', [7, 24, 7, 33]],
        ['netpol/invalid-label-key', [7, 35, 7, 45]],
      ],
    );
    assert.strictEqual(
      published.diagnostics[1].message,
      `spec.podSelector.matchLabels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  });

  it('clears a validation error fixed by an incremental edit, and keeps the others', async () => {
    const u = uri('fix-port.yaml');
    await client.open(u, fixture('policies-multi.yaml'));
    await client.waitForVersion(u);
    const version = await client.replace(u, '70000', '5432');
    const published = await client.waitForVersion(u);
    assert.strictEqual(published.version, version);
    assert.deepStrictEqual(
      summarize(published).map((d) => [d.code, d.range]),
      [
        ['netpol/yaml-syntax', [23, 0, 23, 1]],
        ['netpol/invalid-cidr', [35, 14, 35, 25]],
      ],
    );
  });

  it('silences a validation rule with a disable comment above its line', async () => {
    const u = uri('disable-port.yaml');
    await client.open(u, policy(['  podSelector: {}', '  ingress:', '  - ports:', '    # netpol-disable-next-line invalid-port', '    - port: 70000', '    - port: 0']));
    assert.deepStrictEqual(summarize(await client.waitForVersion(u)), [
      {
        code: 'netpol/invalid-port',
        severity: ERROR,
        message: 'spec.ingress[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        range: [11, 12, 11, 13],
      },
    ]);
  });
});

describe('LSP validation settings over stdio', function () {
  this.timeout(20000);
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ settings: { rules: { 'netpol/invalid-port': 'warning', 'netpol/invalid-cidr': 'off' } } });
  });

  after(async () => {
    await client?.shutdown();
  });

  it('applies per-rule severities to validation findings', async () => {
    const u = uri('levels.yaml');
    await client.open(u, fixture('policies-multi.yaml'));
    assert.deepStrictEqual(
      summarize(await client.waitForVersion(u)).map((d) => [d.code, d.severity]),
      [
        ['netpol/invalid-port', WARNING],
        ['netpol/yaml-syntax', ERROR],
      ],
    );
  });
});
