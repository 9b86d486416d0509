// Hostile editor contents through the real server over stdio (issue #6,
// robustness 2): each case is opened as a document and must give a clear
// diagnostic or a skip with a log note, publish no range outside the
// document, keep memory bounded, and leave the server answering.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { delay, LspTestClient, REPO_ROOT, summarize } from './harness';
import * as hostile from './hostileInputs';

const ERROR = 1;
const uri = (name: string) => `file:///lsp-test/hostile/${name}`;
/** RSS bound for the 50 MB file: its text is held about three times (JSON message, the open document, the analysed copy's line index). */
const RSS_BOUND_50MB = 600;
/** RSS bound for every other case. */
const RSS_BOUND = 300;
/** Time bound from didOpen to publish for every case but the 50 MB file (they take 5-900 ms on a loaded 2-core machine; over 10 s before the alias and depth fixes). */
const TIME_BOUND_MS = 2500;
/** Plain entries added to the alias-bomb documents: a naive alias lookup walks them all, each time. */
const PADDING = 2000;

/** Another server bundle to try the cases on (e.g. one built before a fix); default dist/server.js. */
const serverPath = process.env.NETPOL_SERVER_PATH || undefined;

/** Measurements printed after the run, for the report. */
const measured: string[] = [];

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  assert.ok(kb > 0, 'VmRSS readable');
  return Math.round(kb / 1024);
}

/** LSP lines of a text: "\n", "\r\n" and "\r" end a line; lengths in UTF-16 units. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function assertRangesInside(text: string, diagnostics: Diagnostic[], what: string): void {
  const lengths = lineLengths(text);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lengths.length, `${what}: ${d.code} line ${p.line} outside 0..${lengths.length - 1}`);
      assert.ok(p.character >= 0 && p.character <= lengths[p.line], `${what}: ${d.code} character ${p.character} beyond line ${p.line}'s ${lengths[p.line]} units`);
    }
    const { start, end } = d.range;
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what}: ${d.code} range ends before it starts`);
  }
}

describe('LSP server on hostile inputs over stdio', function () {
  this.timeout(60000);
  let client: LspTestClient;
  let aliveChecks = 0;

  before(async () => {
    client = await LspTestClient.start({ serverPath });
  });

  after(async () => {
    const code = await client?.shutdown();
    assert.strictEqual(code, 0, 'the server exits cleanly after everything');
    if (measured.length > 0) console.log(`      measured (RSS in MB, time from didOpen to publish):\n${measured.map((m) => `        ${m}`).join('\n')}`);
  });

  afterEach(() => {
    // Nothing may reach stderr (crash traces) or be logged as an error (a handler threw).
    assert.strictEqual(client.serverStderr, '', 'server stderr');
    const errors = client.logs.filter((l) => l.type === ERROR).map((l) => l.message);
    assert.deepStrictEqual(errors, [], 'error logs');
  });

  /** Opens `text`, waits for its first publish; checks ranges and RSS, records the time. */
  async function openAndWait(name: string, text: string, timeBoundMs = TIME_BOUND_MS, rssBound = RSS_BOUND, c = client): Promise<PublishDiagnosticsParams> {
    const u = uri(name);
    const before = rssMb(c.process.pid!);
    const started = Date.now();
    await c.open(u, text);
    const published = await c.waitForVersion(u, Math.max(10000, 2 * timeBoundMs));
    const elapsed = Date.now() - started;
    const after = rssMb(c.process.pid!);
    measured.push(`${name}: ${text.length} chars, ${elapsed} ms, RSS ${before} -> ${after} MB`);
    assert.ok(elapsed < timeBoundMs, `${name}: ${elapsed} ms from didOpen to publish, over ${timeBoundMs} ms`);
    assertRangesInside(text, published.diagnostics, name);
    assert.ok(after < rssBound, `${name}: RSS ${after} MB over ${rssBound} MB`);
    return published;
  }

  /** The server still analyses a fresh small document and answers a request. */
  async function assertAlive(c = client): Promise<void> {
    const u = uri(`alive-${++aliveChecks}.yaml`);
    await c.open(u, 'metadata:\n  name: a: b\n');
    const published = await c.waitForVersion(u);
    assert.deepStrictEqual(summarize(published), [
      { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Nested mappings are not allowed in compact mappings', range: [1, 8, 1, 9] },
    ]);
    // Any answer proves the connection is served: a result, or "method not found" if no feature offers symbols.
    const answer = await c.request('textDocument/documentSymbol', { textDocument: { uri: u } }).then(
      () => 'result',
      (e: { code?: number }) => (e.code === -32601 ? 'result' : `error ${JSON.stringify(e)}`),
    );
    assert.strictEqual(answer, 'result');
    await c.close(u);
  }

  async function waitForSkipLog(name: string, note: string): Promise<void> {
    await client.waitForLog((m) => m === `${uri(name)}: ${note}`);
  }

  describe('alias bombs (billion laughs: 9 levels of 10 aliases)', () => {
    it('at the top level of a document that is no object: nothing to say, at once', async () => {
      const published = await openAndWait('bomb-top.yaml', hostile.aliasBombTopLevel(9, 10));
      assert.deepStrictEqual(published.diagnostics, []);
      await assertAlive();
    });

    it('merged into the root of a NetworkPolicy: one alias-limit diagnostic', async () => {
      const padding = Array.from({ length: PADDING }, (_, i) => `  pad${i}: value ${i}`);
      const text = ['x-anchors:', ...padding, ...hostile.mergeLevels('m', 9, 10, '{app: web}', '  '), '<<: *m9', 'kind: NetworkPolicy', 'apiVersion: networking.k8s.io/v1', ''].join('\n');
      const published = await openAndWait('bomb-root-merge.yaml', text);
      assertAliasLimit(text, published, /^\*m\d$/);
      await assertAlive();
    });

    for (const site of ['labels', 'matchLabels', 'egress'] as const) {
      it(`in a NetworkPolicy's ${site} (merge chains): one alias-limit diagnostic`, async () => {
        const text = hostile.aliasBombPolicy(site, 9, 10, PADDING);
        const published = await openAndWait(`bomb-${site}.yaml`, text);
        assertAliasLimit(text, published, site === 'egress' ? /^\*q\d$/ : /^\*m\d$/);
        await assertAlive();
      });
    }

    for (const [site, type] of [
      ['matchExpressions', 'LabelSelectorRequirement.spec.podSelector.matchExpressions.values of type string'],
      ['ingress', 'NetworkPolicySpec.spec.ingress of type v1.NetworkPolicyIngressRule'],
    ] as const) {
      it(`in a NetworkPolicy's ${site} (lists of lists): a wrong-type diagnostic per item, read one level deep`, async () => {
        const text = hostile.aliasBombPolicy(site, 9, 10, PADDING);
        const lines = text.split('\n');
        const published = await openAndWait(`bomb-${site}.yaml`, text);
        const seen = summarize(published);
        assert.deepStrictEqual(seen[0], { code: 'netpol/unknown-field', severity: ERROR, message: 'unknown field "x-anchors"', range: [0, 0, 0, 9] });
        // The ten items of the top list are themselves lists: reported where they are written, not expanded.
        const rest = seen.slice(1);
        assert.strictEqual(rest.length, 10, JSON.stringify(rest));
        for (const d of rest) {
          assert.strictEqual(d.code, 'netpol/wrong-type');
          assert.ok(d.message.startsWith(`json: cannot unmarshal array into Go struct field ${type}`), d.message);
          const [l0, c0, l1, c1] = d.range;
          assert.strictEqual(l0, l1);
          assert.strictEqual(lines[l0].slice(c0, c1), site === 'ingress' ? '*r8' : '*v8');
        }
        await assertAlive();
      });
    }

    function assertAliasLimit(text: string, published: PublishDiagnosticsParams, alias: RegExp): void {
      const seen = summarize(published);
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.strictEqual(seen[0].code, 'netpol/yaml-alias-limit');
      assert.strictEqual(seen[0].message, 'too many YAML alias expansions in this document; the rest of it was not read');
      const [l0, c0, l1, c1] = seen[0].range;
      assert.strictEqual(l0, l1);
      const line = text.split('\n')[l0];
      assert.match(line.slice(c0, c1), alias);
    }
  });

  describe('deep nesting', () => {
    it('block sequences 100k deep (`- - - ...`): one too-deep diagnostic where nesting passes 256', async () => {
      const published = await openAndWait('deep-seq.yaml', hostile.deepBlockSeq(100_000));
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-too-deep', severity: ERROR, message: 'YAML block collections are nested more than 256 levels deep; the file was not analysed', range: [0, 512, 0, 513] },
      ]);
      await assertAlive();
    });

    it('block maps 1400 deep (as deep as fits in the 1 MiB file limit): one too-deep diagnostic', async () => {
      // `a:` nested 100k deep takes over 5 GB of indentation; 1400 levels (one space each)
      // already overflow the parser's stack (about 900 levels) without the precheck.
      const text = hostile.deepBlockMap(1400, 1);
      assert.ok(text.length < 1024 * 1024, `${text.length} chars`);
      const published = await openAndWait('deep-map.yaml', text);
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-too-deep', severity: ERROR, message: 'YAML block collections are nested more than 256 levels deep; the file was not analysed', range: [256, 256, 256, 257] },
      ]);
      await assertAlive();
    });

    it('flow sequences 100k deep (`[[[[...`): exactly one too-deep diagnostic', async () => {
      const published = await openAndWait('deep-flow.yaml', hostile.deepFlow(100_000));
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-too-deep', severity: ERROR, message: 'YAML flow collections are nested more than 256 levels deep; the file was not analysed', range: [1, 262, 1, 263] },
      ]);
      await assertAlive();
    });

    it('800 block levels around 200 flow levels (the flow check alone lets it through): one too-deep diagnostic', async () => {
      // Parsed, the flow collections would start 800 levels down the stack, where `yaml` can abort the process.
      const published = await openAndWait('deep-mixed.yaml', hostile.deepMixed(800, 200));
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-too-deep', severity: ERROR, message: 'YAML block collections are nested more than 256 levels deep; the file was not analysed', range: [0, 512, 0, 513] },
      ]);
      await assertAlive();
    });

    it('block and flow nesting just under both limits is parsed, without running out of stack', async () => {
      // 250 block levels holding 250 flow levels: the parser's recursion at its deepest allowed.
      const published = await openAndWait('deep-allowed.yaml', hostile.deepMixed(250, 250));
      assert.deepStrictEqual(published.diagnostics, []);
      await assertAlive();
    });
  });

  describe('size', () => {
    it('a 50 MB file of valid policies is skipped with a log note, memory bounded, the server responsive', async () => {
      // A server of its own, so that its RSS measures this file only.
      const own = await LspTestClient.start({ serverPath });
      try {
        const text = hostile.manyDocuments(50 * 1024 * 1024);
        const name = 'huge.yaml';
        const published = await openAndWait(name, text, 30000, RSS_BOUND_50MB, own);
        // maxFileSizeKb (default 1024 KiB) applies before anything is parsed: no diagnostics, one log line.
        assert.deepStrictEqual(published.diagnostics, []);
        await own.waitForLog((m) => m === `${uri(name)}: skipped: ${text.length} characters is over the limit of 1048576`);
        await assertAlive(own);
        // An edit is skipped the same way, and not logged again.
        const started = Date.now();
        await own.change(uri(name), [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# edited\n' }]);
        assert.deepStrictEqual((await own.waitForVersion(uri(name), 60000)).diagnostics, []);
        measured.push(`huge.yaml edit: ${Date.now() - started} ms, RSS ${rssMb(own.process.pid!)} MB`);
        assert.strictEqual(own.logs.filter((l) => l.message.includes('over the limit')).length, 1);
        await own.close(uri(name));
        assert.ok(rssMb(own.process.pid!) < RSS_BOUND_50MB);
        assert.strictEqual(own.serverStderr, '');
      } finally {
        assert.strictEqual(await own.shutdown(10000), 0);
      }
    });
  });

  describe('not YAML', () => {
    for (const [name, text] of [
      ['binary-latin1.yaml', hostile.randomBytes(64 * 1024).toString('latin1')],
      ['binary-utf8.yaml', hostile.randomBytes(64 * 1024).toString('utf8')],
      ['binary-no-nul.yaml', hostile.randomBytesNoNul(64 * 1024).toString('utf8')],
    ] as const) {
      it(`random bytes named .yaml (${name}): skipped with a log note`, async () => {
        const published = await openAndWait(name, text);
        assert.deepStrictEqual(published.diagnostics, []);
        await waitForSkipLog(name, 'skipped: the file looks binary, not YAML');
        await assertAlive();
      });
    }

    it('lone surrogates before a YAML error: positions still in UTF-16 units', async () => {
      // Half a surrogate pair (from a truncated decode); JSON carries it escaped.
      const text = 'metadata:\n  annotations:\n    note: "\uD83D\uD83D" extra\n';
      const published = await openAndWait('lone-surrogates.yaml', text);
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Unexpected scalar at node end', range: [2, 15, 2, 20] },
      ]);
    });

    it('a Helm template with {{ }} blocks: skipped quietly (no diagnostics, a log note)', async () => {
      const published = await openAndWait('helm-policy.yaml', hostile.helmTemplate());
      assert.deepStrictEqual(published.diagnostics, []);
      await waitForSkipLog('helm-policy.yaml', 'skipped: a Helm/Go template ({{ }}), not plain YAML');
      await assertAlive();
    });

    it('a chart template with only {{- control lines around broken YAML: skipped quietly', async () => {
      const name = 'chart/templates/networkpolicy.yaml';
      const published = await openAndWait(name, hostile.helmControlOnly());
      assert.deepStrictEqual(published.diagnostics, []);
      await waitForSkipLog(name, 'skipped: a Helm/Go template ({{ }}), not plain YAML');
    });
  });

  describe('line ends, BOM, tabs and wide characters', () => {
    it('CRLF line ends: errors on their own lines, columns without the \\r', async () => {
      const text = hostile
        .validPolicy()
        .replace('  namespace: shop', '  namespace: shop: x')
        .replace('port: 8080', 'port: 99999')
        .replace(/\n/g, '\r\n');
      const published = await openAndWait('crlf.yaml', text);
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Nested mappings are not allowed in compact mappings', range: [4, 13, 4, 14] },
      ]);
      // The same document without the syntax error: the semantic error lands on line 18 too.
      const fixed = text.replace('shop: x', 'shop');
      const other = await openAndWait('crlf-semantic.yaml', fixed);
      assert.deepStrictEqual(summarize(other), [
        { code: 'netpol/invalid-port', severity: ERROR, message: 'spec.ingress[0].ports[0].port: Invalid value: 99999: must be between 1 and 65535, inclusive', range: [18, 16, 18, 21] },
      ]);
    });

    it('a UTF-8 BOM then an error on line 1: the BOM is one UTF-16 unit of that line', async () => {
      const text = ['\uFEFFmetadata: {name: Bad_Name, namespace: shop}', 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'spec:', '  podSelector: {}', ''].join('\n');
      const published = await openAndWait('bom.yaml', text);
      const seen = summarize(published);
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.strictEqual(seen[0].code, 'netpol/invalid-name');
      // "Bad_Name" is characters 17..25 of the line as written, 18..26 with the BOM in front.
      assert.deepStrictEqual(seen[0].range, [0, 18, 0, 26]);
    });

    it('tabs as indentation: a YAML error at the tab', async () => {
      const text = hostile.validPolicy().replace('  namespace: shop', '\tnamespace: shop');
      const published = await openAndWait('tab-indent.yaml', text);
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Tabs are not allowed as indentation', range: [4, 0, 4, 1] },
      ]);
    });

    it('tabs inside values: one UTF-16 unit each, the error on the value', async () => {
      const text = hostile.validPolicy().replace('      app: web', '      app: "we\tb"\t# tab\tcomment');
      const published = await openAndWait('tab-value.yaml', text);
      const seen = summarize(published);
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.strictEqual(seen[0].code, 'netpol/invalid-label-value');
      assert.deepStrictEqual(seen[0].range, [8, 11, 8, 17]);
    });

    it('surrogate pairs and combining characters before an error on the same line: exact UTF-16 offset', async () => {
      // 😀 is 2 UTF-16 units, e + U+0301 is 2 units (1 grapheme): "Bad_Name" starts at unit 49
      // (47 code points, 46 graphemes into the line).
      const line = 'metadata: {annotations: {note: "😀😀 e\u0301"}, name: Bad_Name, namespace: shop}';
      assert.strictEqual(line.indexOf('Bad_Name'), 49);
      const text = [line, 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'spec:', '  podSelector: {}', ''].join('\n');
      const published = await openAndWait('wide-chars.yaml', text);
      const seen = summarize(published);
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.strictEqual(seen[0].code, 'netpol/invalid-name');
      assert.deepStrictEqual(seen[0].range, [0, 49, 0, 57]);
    });

    it('a YAML syntax error after emoji and combining characters: exact UTF-16 offset', async () => {
      const text = 'metadata:\n  annotations:\n    note: "😀e\u0301😀" extra\n';
      const published = await openAndWait('wide-chars-syntax.yaml', text);
      // `extra` after `    note: "` (11) + 2 + 2 + 2 + `" ` (2) = 19.
      assert.deepStrictEqual(summarize(published), [
        { code: 'netpol/yaml-syntax', severity: ERROR, message: 'Unexpected scalar at node end', range: [2, 19, 2, 24] },
      ]);
    });
  });

  describe('half-typed policies', () => {
    it('examples/three-tier/db-policy.yaml typed line by line (one didChange per line): no crash, ranges inside', async () => {
      const full = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'three-tier', 'db-policy.yaml'), 'utf8');
      const prefixes = hostile.linePrefixes(full);
      const u = uri('typing.yaml');
      await client.open(u, '');
      await client.waitForVersion(u);
      const started = Date.now();
      let withDiagnostics = 0;
      let typed = '';
      for (const prefix of prefixes) {
        const end = client.rangeOf(u, typed, 0).end;
        const added = prefix.slice(typed.length);
        await client.change(u, [{ range: { start: end, end }, text: added }]);
        typed = prefix;
        assert.strictEqual(client.text(u), prefix);
        const published = await client.waitForVersion(u);
        assertRangesInside(prefix, published.diagnostics, `prefix of ${prefix.split('\n').length - 1} lines`);
        if (published.diagnostics.length > 0) withDiagnostics++;
      }
      measured.push(`typing db-policy.yaml: ${prefixes.length} versions, ${withDiagnostics} with diagnostics, ${Date.now() - started} ms`);
      // The complete policy is valid; half-typed ones said something at least once.
      assert.deepStrictEqual(client.latest(u)?.diagnostics, []);
      assert.ok(withDiagnostics > 0);
      await assertAlive();
    });

    it('the same prefixes as a burst of whole-text changes: versions published in order, the last one last', async () => {
      const full = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'three-tier', 'db-policy.yaml'), 'utf8');
      const u = uri('typing-burst.yaml');
      await client.open(u, '');
      for (const prefix of hostile.linePrefixes(full).reverse()) await client.change(u, [{ text: prefix }]);
      const version = client.version(u);
      const published = await client.waitForVersion(u);
      assert.strictEqual(published.version, version);
      // The last text sent is the first line only (a comment): nothing to report.
      assert.deepStrictEqual(published.diagnostics, []);
      // An intermediate version may be published while it is current, but never after a newer one.
      await delay(500);
      const versions = client.publishedFor(u).map((p) => p.version as number);
      assert.deepStrictEqual([...versions].sort((a, b) => a - b), versions, `published out of order: ${versions}`);
      assert.strictEqual(new Set(versions).size, versions.length, `a version published twice: ${versions}`);
      assert.strictEqual(versions[versions.length - 1], version);
    });
  });
});
