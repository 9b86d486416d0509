// The connectivity view's custom requests over stdio (netpol/graph,
// netpol/explain, netpol/endpoints), the workload code lens and the change
// notification, on a copy of examples/three-tier; the matrix is checked
// against what the built CLI prints for the same folder. Ends with the time
// of a 300-workload workspace's graph (printed, not asserted).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { EndpointsResult, ExplainResult, GraphResult } from '../../server/src/features/connectivityProtocol';
import { decodeMatrix } from '../../server/src/core/policy/engine/compactMatrix';
import { generateWorkspace } from '../bench/generate';
import { runCli } from '../cli/runCli';
import { LspTestClient, REPO_ROOT } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const VIEW_CAPABILITY = { experimental: { netpolConnectivityView: true } };

function threeTier(): WorkspaceFixture {
  const ws = WorkspaceFixture.empty('netpol-view-');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'three-tier'), ws.root, { recursive: true });
  return ws;
}

describe('LSP connectivity view requests', function () {
  this.timeout(60000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  const changed: unknown[] = [];

  before(async () => {
    ws = threeTier();
    client = await LspTestClient.start({ workspaceFolders: ws.folders, capabilities: VIEW_CAPABILITY });
    client.connection.onNotification('netpol/connectivityChanged', (p) => changed.push(p));
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 15000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  const explain = async (params: Record<string, unknown>) => {
    const r = await client.request<ExplainResult>('netpol/explain', params);
    if ('error' in r) throw new Error(`explain failed: ${r.error}`);
    return r.explanation;
  };

  it('netpol/endpoints lists the workloads with their container ports and where they are defined', async () => {
    const r = await client.request<EndpointsResult>('netpol/endpoints', {});
    const shop = r.workloads.filter((w) => w.namespace === 'shop');
    assert.deepStrictEqual(
      shop.map((w) => [w.key, w.kind, w.ports.map((p) => `${p.protocol} ${p.port}${p.name ? ` ${p.name}` : ''}`)]),
      [
        ['shop/backend', 'Deployment', ['TCP 3000 http']],
        ['shop/db', 'Deployment', ['TCP 3306 mysql']],
        ['shop/frontend', 'Deployment', ['TCP 80 http', 'TCP 443 https']],
      ],
    );
    const db = shop.find((w) => w.key === 'shop/db')!;
    assert.strictEqual(db.location?.uri, ws.uri('db.yaml'));
    assert.strictEqual(db.location?.line, 3);
    // The cluster model's DNS is offered too, and says what it is.
    assert.ok(r.workloads.some((w) => w.key === 'kube-system/coredns' && w.cluster === 'cluster DNS'), JSON.stringify(r.workloads.map((w) => w.key)));
  });

  it('netpol/explain: backend -> db on TCP 3306 is allowed by spec.ingress[0] of db-policy, with a link to the rule', async () => {
    const e = await explain({ from: 'shop/backend', to: 'shop/db', port: 3306 });
    assert.strictEqual(e.allowed, true);
    assert.strictEqual(e.summary, 'allowed: shop/backend -> shop/db on TCP 3306');
    assert.strictEqual(e.ingress.isolated, true);
    assert.deepStrictEqual(e.ingress.policies.map((p) => [p.name, p.uri, p.line]), [['db-policy', ws.uri('db-policy.yaml'), 13]]);
    const rule = e.ingress.allowedBy[0];
    assert.deepStrictEqual([rule.policy, rule.rule, rule.uri, rule.line, rule.range?.start], ['db-policy', 'spec.ingress[0]', ws.uri('db-policy.yaml'), 22, { line: 21, character: 6 }]);
    assert.strictEqual(rule.port?.line, 27);
    assert.strictEqual(e.egress.isolated, false);
  });

  it('netpol/explain: frontend -> db is denied, and says which direction blocks it', async () => {
    const e = await explain({ from: 'shop/frontend', to: 'shop/db', port: 'mysql' });
    assert.strictEqual(e.allowed, false);
    assert.strictEqual(e.port, 3306);
    assert.strictEqual(e.summary, 'denied: shop/frontend -> shop/db on TCP 3306 (ingress of shop/db)');
    assert.match(e.ingress.reason, /no rule allows TCP 3306 from shop\/frontend/);
    assert.deepStrictEqual(e.ingress.otherRules.map((r) => [r.rule, r.why, r.uri]), [['spec.ingress[0]', 'no peer of it matches shop/frontend', ws.uri('db-policy.yaml')]]);
  });

  it('netpol/explain without a port covers every port; outside and IP addresses are endpoints too', async () => {
    const any = await explain({ from: 'shop/backend', to: 'shop/db' });
    assert.deepStrictEqual([any.allowed, any.port, any.allowedPorts], [true, null, ['TCP 3306']]);
    const outside = await explain({ from: 'outside', to: 'shop/frontend', port: 443 });
    assert.strictEqual(outside.allowed, true);
    const ip = await explain({ from: '203.0.113.7', to: 'shop/db', port: 3306, protocol: 'tcp' });
    assert.strictEqual(ip.allowed, false);
  });

  it('netpol/explain answers errors a person can act on, never throws', async () => {
    assert.deepStrictEqual(await client.request('netpol/explain', { from: 'shop/backnd', to: 'shop/db' }), { error: 'no workload shop/backnd; did you mean shop/backend?' });
    assert.deepStrictEqual(await client.request('netpol/explain', { from: 'shop/backend', to: 'shop/db', port: 70000 }), { error: 'port 70000 is not a port number from 1 to 65535' });
    assert.deepStrictEqual(await client.request('netpol/explain', { from: 'outside', to: '10.0.0.1' }), { error: 'both ends are outside the cluster: NetworkPolicies only govern traffic to and from pods' });
    assert.deepStrictEqual(await client.request('netpol/explain', { from: 3 }), { error: 'explain needs from and to' });
  });

  it('netpol/graph: the matrix, decoded, is what `netpol matrix --format json` prints; the SVG draws every workload and the labelled edges', async () => {
    const g = await client.request<GraphResult>('netpol/graph', { options: {} });
    const cli = await runCli(['matrix', '--format', 'json', ws.root]);
    assert.strictEqual(cli.code, 0, cli.stderr);
    // Workload ids differ (the CLI's are relative paths, the server's uris); the rest is the same.
    const noIds = (m: unknown) => JSON.parse(JSON.stringify(m, (k, v) => (k === 'workloadId' ? undefined : v)));
    assert.deepStrictEqual(noIds(decodeMatrix(g.compactMatrix!)), noIds(JSON.parse(cli.stdout)));
    assert.deepStrictEqual(g.model.nodes.filter((n) => n.kind === 'workload').map((n) => n.id), ['shop/backend', 'shop/db', 'shop/frontend']);
    const edges = new Map(g.model.edges.map((e) => [e.id, e.ports]));
    assert.strictEqual(edges.get('shop/backend->shop/db'), 'TCP 3306');
    assert.strictEqual(edges.get('shop/frontend->shop/backend'), 'All Connections');
    assert.strictEqual(edges.has('shop/frontend->shop/db'), false, 'a denied pair has no edge');
    for (const id of ['shop/backend', 'shop/db', 'shop/frontend', 'outside']) assert.ok(g.svg.includes(`data-node="${id}"`), `no node ${id} in the SVG`);
    assert.ok(g.svg.includes('data-edge="shop/backend-&gt;shop/db"') || g.svg.includes('data-edge="shop/backend->shop/db"'), 'no backend -> db edge in the SVG');
    assert.ok(!/<script|\son\w+=/i.test(g.svg), 'the SVG has no script or event handler');
    assert.strictEqual(g.model.collapsed, false);
    // A client holding the current matrix gets the picture without it; after an edit it comes again.
    const again = await client.request<GraphResult>('netpol/graph', { options: { collapse: 'all' }, matrixVersion: g.matrixVersion });
    assert.strictEqual(again.compactMatrix, undefined);
    assert.strictEqual(again.matrixVersion, g.matrixVersion);
    assert.ok((await client.request<GraphResult>('netpol/graph', { options: {}, matrixVersion: g.matrixVersion - 1 })).compactMatrix);
  });

  it('netpol/graph filters by port and by namespace, and ignores option values of the wrong type', async () => {
    const g = await client.request<GraphResult>('netpol/graph', { options: { port: 'TCP 3306' } });
    assert.ok(g.model.edges.some((e) => e.id === 'shop/backend->shop/db'));
    assert.ok(g.model.edges.every((e) => e.ports === 'TCP 3306' || e.ports === 'All Connections' || /TCP[^;]*3306|TCP \d+-\d+/.test(e.ports)), JSON.stringify(g.model.edges));
    const none = await client.request<GraphResult>('netpol/graph', { options: { namespaces: ['nowhere'] } });
    assert.deepStrictEqual(none.model.nodes.filter((n) => n.kind === 'workload'), []);
    const odd = await client.request<GraphResult>('netpol/graph', { options: { namespaces: 'shop', collapse: 7, focus: {}, port: 3306 } });
    assert.strictEqual(odd.model.nodes.filter((n) => n.kind === 'workload').length, 3);
  });

  it('puts "reachable from N · reaches M" over each workload for clients with the view, with a command that focuses it', async () => {
    const uri = ws.uri('db.yaml');
    await client.open(uri, ws.read('db.yaml'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    // db: reachable from backend only; it reaches backend, frontend, coredns? No: the matrix's endpoints (referenced cluster workloads only) and outside.
    const g = await client.request<GraphResult>('netpol/graph', { options: {} });
    const matrix = decodeMatrix(g.compactMatrix!);
    const keys = matrix.endpoints.map((e) => e.key).filter((k) => k !== 'shop/db');
    const reaches = keys.filter((k) => matrix.matrix['shop/db'][k] !== 'none').length;
    const from = keys.filter((k) => matrix.matrix[k]['shop/db'] !== 'none').length;
    assert.strictEqual(from, 1);
    assert.deepStrictEqual(lenses, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, command: { title: `reachable from 1 · reaches ${reaches}`, command: 'netpol.showConnectivity', arguments: [{ focus: 'shop/db' }] } },
    ]);
  });

  it('tells the client when connectivity changed, and the next graph shows the edit', async () => {
    const uri = ws.uri('db-policy.yaml');
    await client.open(uri, ws.read('db-policy.yaml'));
    const before = changed.length;
    await client.replace(uri, 'port: 3306', 'port: 3307');
    const deadline = Date.now() + 10000;
    while (changed.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(changed.length > before, 'no netpol/connectivityChanged after the edit');
    const g = await client.request<GraphResult>('netpol/graph', { options: {} });
    assert.strictEqual(g.model.edges.find((e) => e.id === 'shop/backend->shop/db')?.ports, 'TCP 3307');
  });
});

describe('LSP connectivity view without the client capability', function () {
  this.timeout(30000);

  it('keeps the code lenses of other clients as they were (no workload lenses)', async () => {
    const ws = threeTier();
    const client = await LspTestClient.start({ workspaceFolders: ws.folders });
    try {
      await client.waitForLog((m) => /^indexed \d+ files/.test(m), 15000);
      const uri = ws.uri('db.yaml');
      await client.open(uri, ws.read('db.yaml'));
      assert.deepStrictEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    } finally {
      await client.shutdown();
      ws.dispose();
    }
  });
});

describe('LSP connectivity view on a 300-workload workspace', function () {
  this.timeout(120000);

  it('answers netpol/graph (collapsed) and prints how long it took', async () => {
    const ws = WorkspaceFixture.empty('netpol-view-300-');
    let generated = generateWorkspace(ws.root, 900);
    for (let pods = 900; generated.workloads < 300; pods += 60) generated = generateWorkspace(ws.root, pods);
    const client = await LspTestClient.start({ workspaceFolders: ws.folders, capabilities: VIEW_CAPABILITY });
    try {
      await client.waitForLog((m) => /^indexed \d+ files/.test(m), 60000);
      // The default picture is drawn ahead after indexing: the first request gets it (or waits for it, never draws it twice).
      const ahead = (await client.waitForLog((m) => /^connectivity view: default graph drawn ahead in \d+ ms \(\d+ workloads\)$/.test(m), 60000)).message;
      const t0 = Date.now();
      const g = await client.request<GraphResult>('netpol/graph', { options: {} });
      const first = Date.now() - t0;
      assert.ok(ahead.endsWith(`(${generated.workloads} workloads)`), ahead);
      const t1 = Date.now();
      const expanded = await client.request<GraphResult>('netpol/graph', { options: { collapse: 'none' }, matrixVersion: g.matrixVersion });
      const open = Date.now() - t1;
      const ms = (t: GraphResult['timings']) => Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
      assert.strictEqual(g.model.workloads, generated.workloads);
      assert.strictEqual(g.model.collapsed, true, 'above 150 workloads the view opens collapsed');
      // Expanded, an unrestricted workspace is all-to-all: too many arrows to draw, so it stays collapsed and says why.
      assert.strictEqual(expanded.model.collapsed, true);
      assert.match(expanded.notice ?? '', /too many to draw/);
      const t2 = Date.now();
      const ns = g.model.groups[0].id;
      const one = await client.request<GraphResult>('netpol/graph', { options: { expand: [ns] }, matrixVersion: g.matrixVersion });
      const oneMs = Date.now() - t2;
      assert.ok(one.model.nodes.some((n) => n.kind === 'workload' && n.namespace === ns), 'the expanded namespace shows its workloads');
      console.log(`      expanding namespace ${ns}: ${oneMs} ms (${ms(one.timings)}, ${one.model.edges.length} arrows)`);
      console.log(`      ${generated.workloads} workloads, ${generated.policies} policies: ${ahead.replace(/^connectivity view: /, '')}, then the graph request ${first} ms collapsed (${ms(g.timings)}, svg ${(g.svg.length / 1024).toFixed(0)} KiB, matrix ${(JSON.stringify(g.compactMatrix).length / 1024).toFixed(0)} KiB compact, ${(JSON.stringify(decodeMatrix(g.compactMatrix!)).length / 1024).toFixed(0)} KiB as JSON); ${open} ms expanded (${ms(expanded.timings)}, svg ${(expanded.svg.length / 1024).toFixed(0)} KiB)`);
    } finally {
      await client.shutdown();
      ws.dispose();
    }
  });
});

describe('LSP connectivity view: ipBlocks and the rules behind each arrow', function () {
  this.timeout(60000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-view-ipb-');
    fs.cpSync(path.join(REPO_ROOT, 'test', 'unit', 'graph', 'ip-blocks'), ws.root, { recursive: true });
    client = await LspTestClient.start({ workspaceFolders: ws.folders, capabilities: VIEW_CAPABILITY });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 15000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('netpol/graph: the blocks are nodes with their arrows, each arrow with its rules, the same as the CLI draws', async () => {
    const g = await client.request<GraphResult>('netpol/graph', { options: {} });
    assert.deepStrictEqual(
      g.model.nodes.filter((n) => n.kind === 'ipblock').map((n) => n.id),
      ['0.0.0.0/0 except 10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16', '192.168.1.10/32', '2001:db8::/32', '203.0.113.0/24'],
    );
    const edge = g.model.edges.find((e) => e.id === 'shop/api->shop/db');
    assert.deepStrictEqual([edge?.ports, edge?.rules], ['TCP 5432', ['shop/api-egress egress[0]', 'shop/db-policy ingress[0]']]);
    assert.ok(g.svg.includes('data-node="10.1.0.0/16"'));
    assert.ok(g.svg.includes('allowed by shop/api-egress egress[2]</title>'));
    const cli = await runCli(['matrix', '--format', 'dot', ws.root]);
    const cliEdges = cli.stdout.split('\n').filter((l) => l.includes(' -> ')).length;
    assert.strictEqual(g.model.edges.length, cliEdges);
    // The port filter of the toolbar: only arrows that allow UDP 53 to a block.
    const dns = await client.request<GraphResult>('netpol/graph', { options: { port: 'UDP 53', focus: 'shop/api' } });
    assert.deepStrictEqual(dns.model.edges.filter((e) => e.from === 'shop/api').map((e) => `${e.to} ${e.ports}`), ['10.1.0.0/16 UDP 53']);
  });

  it('netpol/explain takes a block as an end: explained at one of its addresses, with the rule and its link', async () => {
    const r = await client.request<ExplainResult>('netpol/explain', { from: 'shop/api', to: '10.1.0.0/16', port: 53, protocol: 'UDP' });
    if ('error' in r) throw new Error(r.error);
    const e = r.explanation;
    assert.strictEqual(e.summary, 'allowed: shop/api -> 10.1.0.0 on UDP 53');
    const rule = e.egress.allowedBy[0];
    assert.deepStrictEqual([rule.policy, rule.rule, rule.uri, rule.line], ['api-egress', 'spec.egress[2]', ws.uri('policies.yaml'), 16]);
    // Of `0.0.0.0/0 except 10.0.0.0/8`, db takes what its 192.168.0.0/16 rule allows: the address explained is one that rule matches.
    const db = await client.request<ExplainResult>('netpol/explain', { from: '0.0.0.0/0 except 10.0.0.0/8', to: 'shop/db' });
    if ('error' in db) throw new Error(db.error);
    assert.strictEqual(db.explanation.allowed, true);
    assert.strictEqual(db.explanation.from, '192.168.0.0');
    assert.deepStrictEqual(db.explanation.ingress.allowedBy.map((x) => x.rule), ['spec.ingress[1]']);
    const pods = await client.request<ExplainResult>('netpol/explain', { from: 'shop/api', to: '192.168.1.10/32' });
    assert.ok('error' in pods && /only pod IPs/.test(pods.error), JSON.stringify(pods));
  });
});
