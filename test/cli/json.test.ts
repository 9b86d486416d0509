// JSON manifests (`kubectl get pods -o json > pods.json`) through the built
// CLI: read by the folder walk with exact positions, the same connections as
// the same objects in YAML, kubectl's words for syntax errors, and the JSON
// files that are not manifests (package.json...) left out without a word.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { removeTree, runCli, tempTree } from './runCli';

/** A PodList as kubectl prints it: apiVersion first, items without kind or apiVersion. */
const PODS = {
  apiVersion: 'v1',
  items: [
    pod('web-1', 'shop', { app: 'web' }, 8080),
    pod('db-0', 'shop', { app: 'db' }, 5432),
    pod('db-1', 'shop', { app: 'db' }, 5432),
    pod('probe', 'monitoring', { app: 'probe' }, 9090),
    pod('intruder', 'sandbox', { app: 'probe' }, 9090),
  ],
  kind: 'PodList',
  metadata: { resourceVersion: '12345' },
};

const NAMESPACES = {
  apiVersion: 'v1',
  kind: 'NamespaceList',
  items: ['shop', 'monitoring', 'sandbox'].map((name) => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name, team: name === 'monitoring' ? 'ops' : 'dev' } } })),
};

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    - namespaceSelector: {matchLabels: {team: ops}}
      podSelector: {matchLabels: {app: probe}}
    ports: [{port: 5432}]
`;

function pod(name: string, namespace: string, labels: Record<string, string>, port: number) {
  return {
    metadata: { name, namespace, labels, uid: `uid-${name}`, resourceVersion: '1' },
    spec: { containers: [{ name: 'c', image: 'example/app', ports: [{ containerPort: port }] }] },
    status: { phase: 'Running', podIP: `10.0.0.${port % 250}` },
  };
}

/** As kubectl prints JSON: two-space indentation. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Every connection as `from -> to: cell`, for comparing two matrices. */
function connections(matrixJson: string): string[] {
  const m = JSON.parse(matrixJson).matrix as Record<string, Record<string, unknown>>;
  return Object.entries(m).flatMap(([from, row]) => Object.entries(row).map(([to, cell]) => `${from} -> ${to}: ${JSON.stringify(cell)}`)).sort();
}

/** 1-based line and column of the first `needle` in `text`. */
function lineColumn(text: string, needle: string): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe('netpol on JSON manifests', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const tree = (files: Record<string, string>) => {
    const dir = tempTree(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeTree));

  it('matrix: pods.json (PodList) + ns.json (NamespaceList) + policies.yaml give the connections of the same objects in YAML', async () => {
    const asJson = tree({ 'pods.json': json(PODS), 'ns.json': json(NAMESPACES), 'policies.yaml': POLICIES, 'package.json': json({ name: 'x', version: '1.0.0' }) });
    const asYaml = tree({ 'pods.yaml': stringify(PODS), 'ns.yaml': stringify(NAMESPACES), 'policies.yaml': POLICIES });
    const fromJson = await runCli(['matrix', '--format', 'json', asJson]);
    const fromYaml = await runCli(['matrix', '--format', 'json', asYaml]);
    assert.strictEqual(fromJson.code, 0, fromJson.stderr);
    assert.strictEqual(fromJson.stderr, '', 'no note about package.json');
    const got = connections(fromJson.stdout);
    assert.deepStrictEqual(got, connections(fromYaml.stdout));
    // The JSON was read for real: the namespace labels and pod labels decide these cells.
    assert.ok(got.includes('monitoring/probe -> shop/db-0: ["TCP 5432"]'), got.join('\n'));
    assert.ok(got.includes('sandbox/intruder -> shop/db-0: "none"'), got.join('\n'));
    assert.ok(got.includes('shop/web-1 -> shop/db-1: ["TCP 5432"]'), got.join('\n'));
    assert.strictEqual(got.length, 6 * 6 - 1, 'five pods and outside, less outside to outside');
  });

  it('check: an invalid port in a JSON policy is reported at its line and column', async () => {
    const policy = json({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ protocol: 'TCP', port: 70000 }] }] },
    });
    const dir = tree({ 'policy.json': policy, 'package.json': json({ name: 'x', scripts: { kind: 'not a manifest' } }), 'tsconfig.json': '{\n  // comments, as tsconfig allows\n  "compilerOptions": {}\n}\n' });
    const run = await runCli(['check', '.'], dir);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.strictEqual(run.stdout.trim(), `policy.json:${lineColumn(policy, '70000')} error netpol/invalid-port spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`);
    assert.match(run.stderr, /1 error, 0 warnings in 1 file$/m);
    assert.doesNotMatch(run.stderr, /package|tsconfig|skipped/);
  });

  it('check: a broken JSON manifest gets Go\'s (kubectl\'s) syntax error at the offending character', async () => {
    const broken = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "a",}\n}\n';
    const dir = tree({ 'pod.json': broken });
    const run = await runCli(['check', '--format', 'json', '.'], dir);
    assert.strictEqual(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as { file: string; ruleId: string; message: string; range: { start: { line: number; character: number } } }[];
    assert.deepStrictEqual(
      findings.map((f) => [f.file, f.ruleId, f.message, `${f.range.start.line + 1}:${f.range.start.character + 1}`]),
      [['pod.json', 'netpol/json-syntax', "invalid character '}' looking for beginning of object key string", lineColumn(broken, '}\n}')]],
    );
  });

  it('a 20 MB JSON file that is no manifest is skipped, silently', async () => {
    const dir = tree({ 'policy.yaml': POLICIES });
    const big = path.join(dir, 'data.json');
    const chunk = JSON.stringify({ id: 1, name: 'x'.repeat(200), nested: [[[{ deep: true }]]] });
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, '{"records": [');
    for (let written = 0; written < 20 * 1024 * 1024; written += chunk.length + 1) fs.writeSync(fd, chunk + ',');
    fs.writeSync(fd, '{}], "kind": "far too late"}');
    fs.closeSync(fd);
    const run = await runCli(['check', '.'], dir);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(run.stdout, '');
    assert.match(run.stderr, /in 1 file$/m);
    assert.doesNotMatch(run.stderr, /data\.json/);
  });

  it('stdin: `kubectl get -o json | netpol check -` reads JSON, with kubectl\'s syntax errors', async () => {
    const piped = '{"apiVersion": "v1", "kind": "Pod" "metadata": {}}';
    const run = await runCli(['check', '-'], undefined, piped);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.strictEqual(run.stdout.trim(), `<stdin>:${lineColumn(piped, '"metadata"')} error netpol/json-syntax invalid character '"' after object key:value pair`);
  });
});
