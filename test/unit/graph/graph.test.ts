// The connectivity graph on real inputs: examples/three-tier loaded as the
// CLI loads it (golden model, dot, svg, mermaid), a generated workspace over
// the collapse threshold checked against the matrix pair by pair, focus,
// filters, diff colours, and names no markup may trust.
import * as assert from 'assert';
import { formatGraphDot } from '../../../server/src/cli/format/graphDot';
import { formatGraphMermaid } from '../../../server/src/cli/format/graphMermaid';
import { formatGraphSvg } from '../../../server/src/cli/format/graphSvg';
import { buildGraph, ConnectivityGraph, layoutGraph, renderSvg, SVG_NAMESPACE } from '../../../server/src/core/graph';
import { portsFromVerdict, portsText, PortList, unionPorts } from '../../../server/src/core/graph/ports';
import { matrixToJson } from '../../../server/src/core/policy/engine';
import { assertGolden, assertMermaidStructure, assertWellFormedXml, deployment, generatedYaml, matrixOfPaths, matrixOfYaml } from './helpers';

const THREE_TIER = 'examples/three-tier';

function threeTier(options = {}): ConnectivityGraph {
  const { matrix, clusterOf } = matrixOfPaths([THREE_TIER]);
  return buildGraph(matrix, { clusterOf, ...options });
}

const edgeList = (g: ConnectivityGraph) => g.edges.map((e) => `${e.id} ${e.ports}${e.count !== undefined ? ` x${e.count}` : ''}`);

describe('connectivity graph', () => {
  describe('examples/three-tier', () => {
    it('model: golden, sorted, denied pairs and loopback without edges', () => {
      const g = threeTier();
      assertGolden('three-tier.model.json', JSON.stringify(g, null, 2) + '\n');
      assert.deepStrictEqual(g.nodes.map((n) => n.id), ['outside', 'shop/backend', 'shop/db', 'shop/frontend']);
      assert.ok(!g.edges.some((e) => e.from === e.to), 'no self edges');
      assert.ok(!g.edges.some((e) => e.id === 'shop/frontend->shop/db'), 'denied: no edge');
      assert.strictEqual(g.edges.find((e) => e.id === 'shop/backend->shop/db')?.ports, 'TCP 3306');
      assert.deepStrictEqual(g.nodes.find((n) => n.id === 'shop/db')?.isolated, { ingress: true, egress: false });
      assert.strictEqual(g.collapsed, false);
    });

    it('dot: golden, netpol-analyzer shape, every block sorted', () => {
      const dot = formatGraphDot(threeTier());
      assertGolden('three-tier.dot', dot);
      assert.ok(dot.startsWith('digraph {\n\tsubgraph "cluster_shop" {\n'));
      assert.ok(dot.includes('\t\tlabel="shop[namespace]"\n'));
      assert.ok(dot.includes('\t"shop/backend" -> "shop/db" [label="TCP 3306" '));
      const edges = dot.split('\n').filter((l) => l.includes(' -> '));
      assert.deepStrictEqual(edges, [...edges].sort());
    });

    it('svg: golden and well-formed, with the data attributes the view clicks', () => {
      const svg = formatGraphSvg(threeTier(), 'Connectivity of examples/three-tier');
      assertGolden('three-tier.svg', svg);
      assertWellFormedXml(svg);
      assert.ok(svg.includes(`xmlns="${SVG_NAMESPACE}"`));
      assert.ok(svg.includes('<g class="edge" data-edge="shop/backend-&gt;shop/db" data-from="shop/backend" data-to="shop/db" data-ports="TCP 3306" data-rules="shop/db-policy ingress[0]">'));
      assert.ok(svg.includes('<title>shop/backend → shop/db: TCP 3306\nallowed by shop/db-policy ingress[0]</title>'));
      assert.ok(svg.includes('<g class="node workload isolated-ingress" data-node="shop/db" data-namespace="shop">'));
      assert.ok(svg.includes('<g class="group" data-group="shop">'));
      assert.ok(!/ style=/.test(svg), 'no inline style attributes');
      // Without inlineStyle (the webview) there is no <style> element either.
      assert.ok(!renderSvg(layoutGraph(threeTier())).includes('<style'));
    });

    it('mermaid: golden and structurally balanced', () => {
      const text = formatGraphMermaid(threeTier());
      assertGolden('three-tier.mmd', text);
      assertMermaidStructure(text);
      assert.ok(text.includes('-->|"TCP 3306"|'));
    });

    it('the JSON matrix gives the same graph as the engine, but for the rules only the engine knows', () => {
      const { matrix } = matrixOfPaths([THREE_TIER]);
      const engine = buildGraph(matrix);
      assert.deepStrictEqual(engine.edges.filter((e) => e.rules).map((e) => `${e.id} ${e.rules!.join(', ')}`), ['shop/backend->shop/db shop/db-policy ingress[0]']);
      const withoutRules = { ...engine, edges: engine.edges.map(({ rules: _rules, ...e }) => e) };
      assert.deepStrictEqual(buildGraph(matrixToJson(matrix)), withoutRules);
    });

    it('layout is deterministic and keeps everything inside the picture', () => {
      const g = threeTier();
      const a = layoutGraph(g);
      assert.deepStrictEqual(layoutGraph(g), a);
      for (const b of [...a.nodes, ...a.groups]) assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= a.width && b.y + b.h <= a.height, `${b.id} inside`);
      for (const e of a.edges) for (const p of [...e.points, e.labelAt]) assert.ok(p.x >= 0 && p.y >= 0 && p.x <= a.width && p.y <= a.height, `${e.id} inside`);
      for (const n of a.nodes.filter((n) => n.namespace)) {
        const box = a.groups.find((gr) => gr.id === n.namespace)!;
        assert.ok(n.x >= box.x && n.x + n.w <= box.x + box.w && n.y >= box.y && n.y + n.h <= box.y + box.h, `${n.id} inside its namespace box`);
      }
      const outside = a.nodes.find((n) => n.id === 'outside')!;
      assert.ok(outside.x + outside.w < Math.min(...a.groups.map((gr) => gr.x)), 'outside in a column left of the namespaces');
    });
  });

  describe('focus and filters', () => {
    it('focus: the workload, its peers, and only its edges', () => {
      const g = threeTier({ focus: 'shop/db' });
      assert.deepStrictEqual(g.nodes.map((n) => n.id), ['outside', 'shop/backend', 'shop/db', 'shop/frontend']);
      assert.deepStrictEqual(edgeList(g), [
        'shop/backend->shop/db TCP 3306',
        'shop/db->outside All Connections',
        'shop/db->shop/backend All Connections',
        'shop/db->shop/frontend All Connections',
      ]);
      assert.deepStrictEqual(threeTier({ focus: 'no/such' }).nodes, []);
    });

    it('port: only edges that allow it; a filter that is no port matches nothing', () => {
      assert.deepStrictEqual(
        edgeList(threeTier({ port: 'TCP 3306' })).filter((e) => e.includes('->shop/db')),
        ['shop/backend->shop/db TCP 3306'],
      );
      assert.ok(!edgeList(threeTier({ port: 'UDP 53' })).some((e) => e.includes('->shop/db')));
      assert.strictEqual(threeTier({ port: 'TCP 80' }).edges.length, 9);
      assert.strictEqual(threeTier({ port: 'nonsense' }).edges.length, 0);
      assert.strictEqual(threeTier({ port: 'TCP 3306' }).nodes.length, 4, 'nodes stay');
    });

    it('isolatedOnly and namespaces', () => {
      assert.deepStrictEqual(threeTier({ isolatedOnly: true }).nodes.map((n) => n.id), ['outside', 'shop/db']);
      assert.deepStrictEqual(threeTier({ namespaces: ['other'] }).nodes.map((n) => n.id), ['outside']);
      assert.strictEqual(threeTier({ namespaces: ['shop'] }).nodes.length, 4);
    });
  });

  describe('collapsed namespaces', () => {
    const matrix = matrixOfYaml(generatedYaml(8, 25));

    it('auto collapses above 150 workloads: one node per namespace, edges agree with the matrix pair by pair', () => {
      const g = buildGraph(matrix);
      assert.strictEqual(g.workloads, 200);
      assert.strictEqual(g.collapsed, true);
      assert.deepStrictEqual(g.nodes.map((n) => n.id), ['ns0/*', 'ns1/*', 'ns2/*', 'ns3/*', 'ns4/*', 'ns5/*', 'ns6/*', 'ns7/*', 'outside']);
      assert.ok(g.nodes.filter((n) => n.kind === 'namespace').every((n) => n.members === 25 && n.isolated.ingress && !n.isolated.egress));
      assert.ok(g.groups.every((gr) => gr.collapsed && gr.nodeIds.length === 1));
      // Brute force over every workload pair of the matrix.
      const expected = new Map<string, { ports: PortList; count: number }>();
      const nodeOf = (key: string) => (key === 'outside' ? key : `${key.split('/')[0]}/*`);
      for (const a of matrix.endpoints) {
        for (const b of matrix.endpoints) {
          if (nodeOf(a.key) === nodeOf(b.key)) continue;
          const p = portsFromVerdict(matrix.verdict(a.key, b.key));
          if (!p) continue;
          const id = `${nodeOf(a.key)}->${nodeOf(b.key)}`;
          const e = expected.get(id);
          expected.set(id, e ? { ports: unionPorts(e.ports, p), count: e.count + 1 } : { ports: p, count: 1 });
        }
      }
      assert.deepStrictEqual(edgeList(g), [...expected.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([id, e]) => `${id} ${portsText(e.ports)} x${e.count}`));
      // ns1's t0 pods take UDP 53 from ns0 only: ns2 -> ns1 is everything but to those.
      assert.ok(edgeList(g).includes('ns0/*->ns1/* All Connections x625'));
    });

    it('expand keeps a namespace open; none and all override auto', () => {
      const g = buildGraph(matrix, { expand: ['ns3'] });
      assert.strictEqual(g.nodes.filter((n) => n.namespace === 'ns3').length, 25);
      assert.ok(g.edges.some((e) => e.from === 'ns3/w1' && e.to === 'ns3/w0' && e.ports === 'TCP 80'));
      assert.ok(g.edges.some((e) => e.from === 'ns0/*' && e.to === 'ns3/w0' && e.ports === 'UDP 53' && e.count === 25));
      assert.strictEqual(buildGraph(matrix, { collapse: 'none' }).nodes.length, 201);
      const small = buildGraph(matrixOfPaths([THREE_TIER]).matrix, { collapse: 'all' });
      assert.deepStrictEqual(edgeList(small), ['outside->shop/* All Connections x2', 'shop/*->outside All Connections x3']);
    });

    it('a focus keeps its own namespace open even when collapsed', () => {
      const g = buildGraph(matrix, { focus: 'ns2/w0', collapse: 'all' });
      assert.ok(g.nodes.some((n) => n.id === 'ns2/w0'));
      assert.ok(g.edges.every((e) => e.from === 'ns2/w0' || e.to === 'ns2/w0'));
      assert.ok(g.edges.some((e) => e.id === 'ns0/*->ns2/w0' && e.ports === 'UDP 53'));
    });

    it('layout and svg of the collapsed graph are well-formed', () => {
      const svg = renderSvg(layoutGraph(buildGraph(matrix)), { inlineStyle: true });
      assertWellFormedXml(svg);
      assert.ok(svg.includes('data-collapsed="true"'));
      assert.ok(svg.includes('25 workloads'));
    });
  });

  describe('diffs', () => {
    it('added green, removed red dashed, changed magenta labelled NEW (was: OLD)', () => {
      const g = threeTier();
      const changed: ConnectivityGraph = {
        ...g,
        edges: g.edges.map((e) =>
          e.id === 'shop/backend->shop/db' ? { ...e, change: 'changed' as const, before: 'TCP 5432' } : e.id === 'outside->shop/backend' ? { ...e, change: 'added' as const } : e.id === 'shop/db->outside' ? { ...e, change: 'removed' as const } : e,
        ),
      };
      const svg = renderSvg(layoutGraph(changed));
      assertWellFormedXml(svg);
      assert.match(svg, /<g class="edge changed" data-edge="shop\/backend-&gt;shop\/db"[^>]*data-change="changed" data-before="TCP 5432"[^>]*>/);
      assert.ok(svg.includes('>TCP 3306 (was: TCP 5432)</text>'));
      assert.ok(svg.includes('marker-end="url(#netpol-arrow-removed)"'));
      assert.match(svg, /<g class="edge added" data-edge="outside-&gt;shop\/backend"/);
      const dot = formatGraphDot(changed);
      assert.ok(dot.includes('"shop/backend" -> "shop/db" [label="TCP 3306 (was: TCP 5432)" color="magenta"'));
      assert.ok(dot.includes('"shop/db" -> "outside" [label="All Connections" color="red2" fontcolor="red2" style="dashed"]'));
      assert.ok(dot.includes('"outside" -> "shop/backend" [label="All Connections" color="#008000"'));
    });
  });

  describe('hostile names', () => {
    const names = ['<script>alert(1)</script>', 'q"uo\'te&amp', 'café-ünï-日本-🚀', 'back\\slash\nnew'];
    const files: Record<string, string> = {};
    names.forEach((n, i) => (files[`w${i}.yaml`] = deployment(n, i === 0 ? '"><svg onload=x>' : 'ns', { app: `a${i}` })));
    const graph = buildGraph(matrixOfYaml(files));

    it('the model keeps them as they are', () => {
      for (const n of names) assert.ok(graph.nodes.some((node) => node.label === n), n);
    });

    it('svg escapes every text and attribute', () => {
      const svg = renderSvg(layoutGraph(graph), { inlineStyle: true });
      assertWellFormedXml(svg);
      assert.ok(!svg.includes('<script'), 'no live script element');
      assert.ok(!svg.includes('<svg onload'), 'no injected element');
      assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(svg.includes('café-ünï-日本-🚀'), 'unicode kept');
    });

    it('dot and mermaid escape quotes, backslashes and line breaks', () => {
      const dot = formatGraphDot(graph);
      for (const line of dot.split('\n')) assert.strictEqual((line.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g) ?? []).length % 2, 0, line);
      assert.ok(dot.includes('"ns/back\\\\slash\\nnew"'));
      const mmd = formatGraphMermaid(graph);
      assertMermaidStructure(mmd);
      assert.ok(!mmd.includes('<script'));
    });

    it('characters XML cannot hold become U+FFFD', () => {
      const bad = { ...graph, nodes: graph.nodes.map((n, i) => (i === 0 ? { ...n, label: 'a\u0001b\uD800c' } : n)) };
      const svg = renderSvg(layoutGraph(bad));
      assertWellFormedXml(svg);
      assert.ok(svg.includes('a\uFFFDb\uFFFDc'));
    });
  });

  describe('port sets', () => {
    it('labels as netpol-analyzer users read them, unions merged', () => {
      assert.strictEqual(portsText('all'), 'All Connections');
      const a = portsFromVerdict(['TCP 443', 'TCP 80', 'UDP 53'])!;
      assert.strictEqual(portsText(a), 'TCP 80,443;UDP 53');
      assert.strictEqual(portsText(unionPorts(a, portsFromVerdict(['TCP 81-442', 'SCTP 9'])!)), 'TCP 80-443;UDP 53;SCTP 9');
      assert.strictEqual(unionPorts(portsFromVerdict(['TCP 1-65535', 'UDP 1-65535'])!, portsFromVerdict(['SCTP 1-65535'])!), 'all');
      assert.strictEqual(portsFromVerdict('none'), undefined);
    });
  });
});
