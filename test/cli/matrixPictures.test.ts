// `netpol matrix --format dot|svg|html|mermaid` through the built CLI: the
// same pictures as the golden files of the graph unit tests, -o FILE, focus
// spellings, a self-contained HTML with no network resource, collapsing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertMermaidStructure, assertWellFormedXml, deployment, readGolden } from '../unit/graph/helpers';
import { removeTree, runCli, tempTree } from './runCli';

const THREE_TIER = 'examples/three-tier';
/** The only URL the HTML may hold: none at all (inline SVG needs no xmlns); the SVG namespace would be no resource. */
const ALLOWED_URLS = new Set(['http://www.w3.org/2000/svg']);

describe('netpol matrix pictures', function () {
  // Child processes on a shared, loaded machine.
  this.timeout(60_000);

  it('dot, svg and mermaid print the golden pictures', async () => {
    for (const [format, golden] of [['dot', 'three-tier.dot'], ['svg', 'three-tier.svg'], ['mermaid', 'three-tier.mmd']]) {
      const run = await runCli(['matrix', '--format', format, THREE_TIER]);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(run.stderr, '');
      assert.strictEqual(run.stdout, readGolden(golden), format);
    }
  });

  it('ipBlocks: the golden pictures of test/unit/graph/ip-blocks, a block as --focus, rules in the html', async () => {
    const fixture = 'test/unit/graph/ip-blocks';
    for (const [format, golden] of [['dot', 'ip-blocks.dot'], ['mermaid', 'ip-blocks.mmd']]) {
      const run = await runCli(['matrix', '--format', format, fixture]);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(run.stdout, readGolden(golden), format);
    }
    const focus = await runCli(['matrix', '--format', 'dot', '--focus', '10.1.0.0/16', fixture]);
    assert.strictEqual(focus.code, 0, focus.stderr);
    const edges = focus.stdout.split('\n').filter((l) => l.includes(' -> '));
    assert.ok(edges.length === 6 && edges.every((l) => l.includes('"10.1.0.0/16"')), edges.join('\n'));
    assert.ok(focus.stdout.includes('"shop/api" -> "10.1.0.0/16" [label="UDP 53" color="gold2" fontcolor="darkgreen" tooltip="shop/api-egress egress[2]"]'));
    // Tables keep explain's endpoints: an ipBlock is no row of theirs.
    const table = await runCli(['matrix', '--focus', '10.1.0.0/16', fixture]);
    assert.strictEqual(table.code, 2);
    const html = await runCli(['matrix', '--format', 'html', fixture]);
    assert.ok(html.stdout.includes('data-rules="shop/api-egress egress[0], shop/db-policy ingress[0]"'));
    assert.ok(html.stdout.includes("getAttribute('data-rules')"));
    assert.ok(html.stdout.includes('the ipBlocks policies name'));
  });

  it('svg is well-formed, standalone XML with its stylesheet', async () => {
    const run = await runCli(['matrix', '--format', 'svg', THREE_TIER]);
    assertWellFormedXml(run.stdout);
    assert.ok(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(run.stdout.includes('<style>'));
  });

  it('mermaid: balanced subgraphs, an arrow per allowed connection', async () => {
    const run = await runCli(['matrix', '--format', 'mermaid', THREE_TIER]);
    assertMermaidStructure(run.stdout);
    assert.strictEqual(run.stdout.split('\n').filter((l) => l.includes('-->')).length, 10);
  });

  it('html: one self-contained file, no http(s) resource, the picture and the matrix', async () => {
    const run = await runCli(['matrix', '--format', 'html', THREE_TIER]);
    assert.strictEqual(run.code, 0, run.stderr);
    const html = run.stdout;
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
    assert.deepStrictEqual(urls.filter((u) => !ALLOWED_URLS.has(u)), [], 'no resource from the network');
    assert.ok(!/<(?:link|img|iframe|object|embed)\b/i.test(html), 'no external elements');
    assert.ok(!/\bsrc=/i.test(html), 'no src attributes');
    assert.ok(html.includes(`content="default-src 'none';`), 'a CSP that forbids loading');
    assert.ok(html.includes('<svg class="netpol-graph"'));
    assert.ok(html.includes('data-edge="shop/backend-&gt;shop/db"'));
    assert.ok(html.includes('<table class="matrix">'));
    assert.ok(html.includes('<td>TCP 3306</td>'));
    assert.ok(html.includes("addEventListener('wheel'") && html.includes("addEventListener('pointerdown'"), 'zoom and pan');
    assert.ok(!/\beval\(|new Function/.test(html));
    assert.strictEqual((html.match(/<script>/g) ?? []).length, 1);
  });

  it('-o FILE writes the file and prints nothing, for every format', async () => {
    const dir = tempTree({});
    try {
      // What each format's file starts with; the pictures are compared whole with their golden files.
      const starts: Record<string, string> = { text: 'from \\ to ', json: '{\n  "outside": "any"', csv: 'from,shop/backend,', md: '| from \\ to |', html: '<!DOCTYPE html>' };
      const golden: Record<string, string> = { dot: 'three-tier.dot', svg: 'three-tier.svg', mermaid: 'three-tier.mmd' };
      await Promise.all(
        ['text', 'json', 'csv', 'md', 'dot', 'svg', 'html', 'mermaid'].map(async (format) => {
          const file = path.join(dir, `out.${format}`);
          const run = await runCli(['matrix', '--format', format, '-o', file, THREE_TIER]);
          assert.strictEqual(run.code, 0, run.stderr);
          assert.strictEqual(run.stdout, '', format);
          const written = fs.readFileSync(file, 'utf8');
          if (golden[format]) assert.strictEqual(written, readGolden(golden[format]), format);
          else assert.ok(written.startsWith(starts[format]), `${format}: ${written.slice(0, 40)}`);
        }),
      );
      const bad = await runCli(['matrix', '--format', 'dot', '-o', path.join(dir, 'no', 'such', 'dir', 'x.dot'), THREE_TIER]);
      assert.strictEqual(bad.code, 2);
      assert.match(bad.stderr, /cannot write/);
    } finally {
      removeTree(dir);
    }
  });

  it('--focus takes the spellings explain takes, for pictures and tables', async () => {
    const dot = await runCli(['matrix', '--format', 'dot', '--focus', 'db', THREE_TIER]);
    assert.strictEqual(dot.code, 0, dot.stderr);
    const edges = dot.stdout.split('\n').filter((l) => l.includes(' -> '));
    assert.ok(edges.length === 4 && edges.every((l) => l.includes('"shop/db"')), edges.join('\n'));
    const kind = await runCli(['matrix', '--format', 'mermaid', '--focus', 'shop/Deployment/db', THREE_TIER]);
    assert.strictEqual(kind.code, 0, kind.stderr);
    // A workload cut off both ways is no peer: it leaves the table too.
    const dir = tempTree({
      'a.yaml': deployment('a', 'default', { app: 'a' }),
      'b.yaml': deployment('b', 'default', { app: 'b' }),
      'lonely.yaml': deployment('lonely', 'default', { app: 'lonely' }),
      'deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: lonely}}\n  policyTypes: [Ingress, Egress]\n',
    });
    try {
      const text = await runCli(['matrix', '--focus', 'a', dir]);
      assert.strictEqual(text.code, 0, text.stderr);
      assert.strictEqual(text.stdout.split('\n')[0], 'from \\ to  default/a  default/b  outside');
      const json = JSON.parse((await runCli(['matrix', '--format', 'json', '--focus', 'default/a', dir])).stdout);
      assert.deepStrictEqual(Object.keys(json.matrix), ['default/a', 'default/b', 'outside']);
    } finally {
      removeTree(dir);
    }
    const typo = await runCli(['matrix', '--format', 'svg', '--focus', 'shop/dbb', THREE_TIER]);
    assert.strictEqual(typo.code, 2);
    assert.match(typo.stderr, /did you mean shop\/db/);
  });

  it('--port narrows the arrows; picture-only flags are refused for tables', async () => {
    const run = await runCli(['matrix', '--format', 'dot', '--port', '3306', THREE_TIER]);
    assert.ok(run.stdout.includes('"shop/backend" -> "shop/db"'));
    assert.ok(!run.stdout.includes('"shop/frontend" -> "shop/db"'));
    const refused = await runCli(['matrix', '--expand', 'shop', THREE_TIER]);
    assert.strictEqual(refused.code, 2);
    assert.match(refused.stderr, /--expand is for the pictures/);
  });

  it('more than 150 workloads: collapsed namespaces, --collapse none and --expand open them', async function () {
    this.timeout(120_000);
    const files: Record<string, string> = {};
    for (let n = 0; n < 4; n++) for (let i = 0; i < 40; i++) files[`ns${n}/w${i}.yaml`] = deployment(`w${i}`, `ns${n}`, { app: `w${i}` });
    const dir = tempTree(files);
    try {
      const svg = await runCli(['matrix', '--format', 'svg', dir]);
      assert.strictEqual(svg.code, 0, svg.stderr);
      assertWellFormedXml(svg.stdout);
      assert.ok(svg.stdout.includes('data-collapsed="true"'));
      assert.ok(svg.stdout.includes('data-node="ns0/*"'));
      assert.ok(svg.stdout.includes('All Connections ×1600'));
      const dot = await runCli(['matrix', '--format', 'dot', '--collapse', 'none', dir]);
      assert.strictEqual(dot.stdout.split('\n').filter((l) => l.includes(' -> ')).length, 160 * 159 + 2 * 160);
      const expanded = await runCli(['matrix', '--format', 'mermaid', '--expand', 'ns1', dir]);
      assertMermaidStructure(expanded.stdout);
      assert.strictEqual(expanded.stdout.split('\n').filter((l) => /^\s+n\d+\["w\d+"\]$/.test(l)).length, 40);
    } finally {
      removeTree(dir);
    }
  });
});
