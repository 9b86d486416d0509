// ipBlock nodes and the rules behind each edge, on test/unit/graph/ip-blocks
// loaded as the CLI loads it: golden model, dot, svg and mermaid; every
// edge to or from a block (and `outside`, the rest of the address space)
// checked against the engine asked address by address; every edge's rules
// checked against explain's, port by port; filters, focus and collapse.
import * as assert from 'assert';
import { formatGraphDot } from '../../../server/src/cli/format/graphDot';
import { formatGraphMermaid } from '../../../server/src/cli/format/graphMermaid';
import { formatGraphSvg } from '../../../server/src/cli/format/graphSvg';
import { buildGraph, compareRuleIds, ConnectivityGraph, GraphNode, ruleId } from '../../../server/src/core/graph';
import { portsFromVerdict, portsText, unionPorts, PortList } from '../../../server/src/core/graph/ports';
import { formatAddress } from '../../../server/src/core/policy/engine/cidr';
import { allowedPorts, computeMatrix, explainConnection, parseAddress, parseCidr, PortSet, Protocol, resolveEndpoint, verdictOf } from '../../../server/src/core/policy/engine';
import { assertGolden, assertMermaidStructure, assertWellFormedXml, matrixOfPaths } from './helpers';

const FIXTURE = 'test/unit/graph/ip-blocks';

function graph(options = {}): ConnectivityGraph {
  const { matrix, clusterOf } = matrixOfPaths([FIXTURE]);
  return buildGraph(matrix, { clusterOf, ...options });
}

const ids = (g: ConnectivityGraph) => g.nodes.map((n) => n.id);
const edgeList = (g: ConnectivityGraph) => g.edges.map((e) => `${e.id} ${e.ports}${e.count !== undefined ? ` x${e.count}` : ''}${e.rules ? ` [${e.rules.join(', ')}]` : ''}`);

const BLOCKS = ['0.0.0.0/0 except 10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16', '192.168.1.10/32', '2001:db8::/32', '203.0.113.0/24'];

describe('connectivity graph: ipBlocks and rules', () => {
  const { matrix } = matrixOfPaths([FIXTURE]);
  const engine = matrix.engine;
  const g = graph();
  const podIPs = new Set(engine.input.workloads.flatMap((w) => w.podIPs));

  /** Addresses at and beside every CIDR and except boundary the model shows, and both families' first two. */
  const candidates = (() => {
    const out = new Set<string>(['0.0.0.0', '0.0.0.1', '::', '::1']);
    for (const n of g.nodes.filter((x) => x.kind === 'ipblock')) {
      for (const text of [n.label, ...(n.except ?? [])]) {
        const r = parseCidr(text)!;
        const max = (1n << (r.family === 4 ? 32n : 128n)) - 1n;
        for (const v of [r.start - 1n, r.start, r.start + 1n, r.end - 1n, r.end, r.end + 1n]) if (v >= 0n && v <= max) out.add(formatAddress({ family: r.family, value: v }));
      }
    }
    return [...out].filter((a) => !podIPs.has(a));
  })();
  const inNode = (n: GraphNode, address: string): boolean => {
    const a = parseAddress(address)!;
    const inside = (text: string) => {
      const r = parseCidr(text)!;
      return r.family === a.family && r.start <= a.value && a.value <= r.end;
    };
    return inside(n.label) && !(n.except ?? []).some(inside);
  };
  const blocks = g.nodes.filter((n) => n.kind === 'ipblock');
  const addressesOf = (id: string): string[] => {
    if (id !== 'outside') return candidates.filter((a) => inNode(blocks.find((b) => b.id === id)!, a));
    return candidates.filter((a) => !blocks.some((b) => inNode(b, a)));
  };
  const workloads = g.nodes.filter((n) => n.kind === 'workload');
  const text = (p: PortSet): PortList | undefined => portsFromVerdict(verdictOf(p));

  it('model: golden; one node per distinct block (masked, deduplicated), outside the namespaces', () => {
    assertGolden('ip-blocks.model.json', JSON.stringify(g, null, 2) + '\n');
    assert.deepStrictEqual(blocks.map((n) => n.id), BLOCKS);
    const hole = blocks.find((n) => n.id === '0.0.0.0/0 except 10.0.0.0/8')!;
    assert.deepStrictEqual([hole.label, hole.except, hole.namespace], ['0.0.0.0/0', ['10.0.0.0/8'], undefined]);
    assert.ok(g.groups.every((gr) => gr.nodeIds.every((id) => !BLOCKS.includes(id))));
  });

  it('every edge to or from a block or outside is what the engine answers for some address of it (no pod IP)', () => {
    let checked = 0;
    for (const x of [...blocks.map((b) => b.id), 'outside']) {
      for (const w of workloads) {
        for (const [from, to] of [[x, w.id], [w.id, x]]) {
          let want: PortList | undefined;
          for (const address of addressesOf(x)) {
            const p = text(allowedPorts(engine, resolveEndpoint(engine, from === x ? address : from), resolveEndpoint(engine, to === x ? address : to)));
            if (p) want = want ? unionPorts(want, p) : p;
          }
          const edge = g.edges.find((e) => e.from === from && e.to === to);
          assert.strictEqual(edge?.ports, want === undefined ? undefined : portsText(want), `${from} -> ${to}`);
          checked++;
        }
      }
    }
    assert.strictEqual(checked, (BLOCKS.length + 1) * workloads.length * 2);
    // outside is the rest: api may send only to named blocks, and db takes only 192.168.0.0/16.
    assert.ok(!g.edges.some((e) => e.id === 'shop/api->outside' || e.id === 'outside->shop/db'));
    assert.ok(g.edges.some((e) => e.id === 'shop/db->outside'));
    // A block of one pod IP is that pod: drawn, with no arrow of its own.
    assert.ok(!g.edges.some((e) => e.from === '192.168.1.10/32' || e.to === '192.168.1.10/32'));
    assert.ok(edgeList(g).includes('shop/api->shop/cache TCP 443,6379 [shop/api-egress egress[1], shop/api-egress egress[4]]'));
  });

  it('every edge names the rules explain gives for its ports, egress first, sorted', () => {
    const probes: [Protocol, number][] = [['TCP', 1], ['TCP', 80], ['TCP', 443], ['TCP', 5432], ['TCP', 6379], ['TCP', 8443], ['UDP', 53]];
    for (const e of g.edges) {
      const found = new Set<string>();
      const ends = (id: string) => (g.nodes.find((n) => n.id === id)!.kind === 'workload' ? [id] : addressesOf(id));
      for (const from of ends(e.from)) {
        for (const to of ends(e.to)) {
          for (const [protocol, port] of probes) {
            const x = explainConnection(engine, from, to, { protocol, port });
            if (!x.allowed) continue;
            for (const r of [...x.egress.allowedBy, ...x.ingress.allowedBy]) found.add(ruleId({ direction: 'Egress', namespace: r.policy.namespace, policy: r.policy.name, path: r.path }));
          }
        }
      }
      assert.deepStrictEqual(e.rules ?? [], [...found].sort(compareRuleIds), e.id);
    }
    assert.ok(edgeList(g).includes('shop/api->shop/db TCP 5432 [shop/api-egress egress[0], shop/db-policy ingress[0]]'));
    assert.deepStrictEqual(['p ingress[10]', 'p ingress[2]', 'q egress[0]', 'a ingress[0]'].sort(compareRuleIds), ['q egress[0]', 'a ingress[0]', 'p ingress[2]', 'p ingress[10]']);
  });

  it('dot: golden; blocks at the top level with their except list, rules as edge tooltips', () => {
    const dot = formatGraphDot(g);
    assertGolden('ip-blocks.dot', dot);
    assert.ok(dot.includes('\t"0.0.0.0/0 except 10.0.0.0/8" [label="0.0.0.0/0\\nexcept 10.0.0.0/8" color="red2" fontcolor="red2"]\n'));
    assert.ok(dot.includes('\t"shop/api" -> "shop/db" [label="TCP 5432" color="gold2" fontcolor="darkgreen" tooltip="shop/api-egress egress[0]\\nshop/db-policy ingress[0]"]\n'));
    const edges = dot.split('\n').filter((l) => l.includes(' -> '));
    assert.deepStrictEqual(edges, [...edges].sort());
  });

  it('svg: golden and well-formed; rules in each edge title and data-rules', () => {
    const svg = formatGraphSvg(g, 'Connectivity of test/unit/graph/ip-blocks');
    assertGolden('ip-blocks.svg', svg);
    assertWellFormedXml(svg);
    assert.ok(svg.includes('<g class="node ipblock" data-node="0.0.0.0/0 except 10.0.0.0/8">'));
    assert.ok(svg.includes('<title>shop/api → 10.1.0.0/16: UDP 53\nallowed by shop/api-egress egress[2]</title>'));
    assert.ok(svg.includes('data-rules="shop/api-egress egress[0], shop/db-policy ingress[0]"'));
  });

  it('mermaid: golden; blocks rounded, with their except list', () => {
    const mmd = formatGraphMermaid(g);
    assertGolden('ip-blocks.mmd', mmd);
    assertMermaidStructure(mmd);
    assert.match(mmd, /^ {2}n\d+\(\["0\.0\.0\.0\/0 \(except 10\.0\.0\.0\/8\)"\]\)$/m);
  });

  it('filters drop the blocks they leave without an arrow; collapse keeps them; a block may be the focus', () => {
    const linked = BLOCKS.filter((b) => b !== '192.168.1.10/32');
    assert.deepStrictEqual(ids(graph({ port: 'UDP 53' })).filter((id) => BLOCKS.includes(id)), linked);
    // api takes anything from 10.1.0.0/16 only, and sends TCP 443 to every block but 10.1.0.0/16 and the IPv6 one.
    const api = graph({ port: 'TCP 443', focus: 'shop/api' });
    assert.deepStrictEqual(ids(api).filter((id) => BLOCKS.includes(id)), ['0.0.0.0/0 except 10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16', '203.0.113.0/24']);
    assert.deepStrictEqual(ids(graph({ namespaces: ['pay'] })), ['0.0.0.0/0 except 10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16', '2001:db8::/32', '203.0.113.0/24', 'outside', 'pay/gateway']);
    assert.ok(!ids(graph({ isolatedOnly: true })).includes('192.168.1.10/32'));
    const collapsed = graph({ collapse: 'all' });
    assert.deepStrictEqual(ids(collapsed), [...BLOCKS, 'outside', 'pay/*', 'shop/*']);
    assert.ok(edgeList(collapsed).some((e) => e.startsWith('shop/*->10.1.0.0/16 All Connections x3')), edgeList(collapsed).join('\n'));
    const focus = graph({ focus: '10.1.0.0/16' });
    assert.deepStrictEqual(edgeList(focus), ['10.1.0.0/16->shop/api All Connections [shop/api-ingress ingress[0]]', '10.1.0.0/16->shop/cache All Connections', 'pay/gateway->10.1.0.0/16 All Connections', 'shop/api->10.1.0.0/16 UDP 53 [shop/api-egress egress[2]]', 'shop/cache->10.1.0.0/16 All Connections', 'shop/db->10.1.0.0/16 All Connections']);
    assert.deepStrictEqual(ids(graph({ focus: '192.168.1.10/32' })), ['192.168.1.10/32']);
  });

  it('no blocks when outside is one address or none: outside keeps its meaning', () => {
    for (const outside of ['203.0.113.9', false] as const) {
      const m = computeMatrix(engine, { outside });
      const other = buildGraph(m);
      assert.ok(!other.nodes.some((n) => n.kind === 'ipblock'), String(outside));
      assert.strictEqual(other.nodes.some((n) => n.id === 'outside'), outside !== false);
    }
    assert.ok(buildGraph(computeMatrix(engine, { outside: '203.0.113.9' })).edges.some((e) => e.id === 'outside->pay/gateway'));
  });
});
