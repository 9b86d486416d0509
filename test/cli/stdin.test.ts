// `-` as a PATH: manifests piped from helm, kustomize or kubectl, through the built CLI.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

const THREE_TIER = path.join(REPO_ROOT, 'examples', 'three-tier');

function concatenated(): string {
  return fs
    .readdirSync(THREE_TIER)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(THREE_TIER, f), 'utf8'))
    .join('');
}

const BROKEN = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 70000
`;

describe('netpol with - (standard input)', function () {
  this.timeout(30000);

  it('matrix -: `cat examples/three-tier/*.yaml` prints what the folder prints (text)', async () => {
    const piped = await runCli(['matrix', '-'], REPO_ROOT, concatenated());
    const folder = await runCli(['matrix', 'examples/three-tier']);
    assert.strictEqual(piped.code, 0, piped.stderr);
    assert.ok(folder.stdout.includes('shop/db'), folder.stdout);
    assert.strictEqual(piped.stdout, folder.stdout);
  });

  it('matrix -: the same JSON, but for the workload ids that name the file', async () => {
    const piped = JSON.parse((await runCli(['matrix', '-f', 'json', '-'], REPO_ROOT, concatenated())).stdout);
    const folder = JSON.parse((await runCli(['matrix', '-f', 'json', 'examples/three-tier'])).stdout);
    assert.deepStrictEqual(piped.matrix, folder.matrix);
    const strip = (e: { workloadId?: string }) => ({ ...e, workloadId: e.workloadId === undefined ? undefined : 'x' });
    assert.deepStrictEqual(piped.endpoints.map(strip), folder.endpoints.map(strip));
    assert.ok(piped.endpoints.some((e: { workloadId?: string }) => e.workloadId?.startsWith('<stdin>')), JSON.stringify(piped.endpoints));
  });

  it('check -: findings in <stdin> with the line and column of the value', async () => {
    const run = await runCli(['check', '-'], REPO_ROOT, BROKEN);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.match(run.stdout, /^<stdin>:8:13 error netpol\/invalid-port /m);
  });

  it('check - with a file: both read, each named', async () => {
    const dir = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'bad.yaml': BROKEN });
    try {
      const run = await runCli(['check', '-f', 'json', 'bad.yaml', '-'], dir, BROKEN);
      const files = JSON.parse(run.stdout) as { file: string; findings?: unknown[] }[];
      assert.deepStrictEqual(files.map((f) => f.file).sort(), ['<stdin>', 'bad.yaml']);
      const sarif = JSON.parse((await runCli(['check', '-f', 'sarif', '-'], dir, BROKEN)).stdout);
      assert.strictEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, '%3Cstdin%3E');
      assert.strictEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, 8);
    } finally {
      removeTree(dir);
    }
  });

  it('- given twice is a usage error', async () => {
    const run = await runCli(['check', '-', '-'], REPO_ROOT, BROKEN);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /'-' \(standard input\) given twice/);
  });

  it('stdin has no folder: objects without a namespace land in the default one, whatever kustomization is in cwd', async () => {
    const dir = tempTree({ 'kustomization.yaml': 'namespace: prod\nresources: []\n' });
    try {
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n';
      const run = await runCli(['matrix', '-'], dir, pod);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stdout, /^default\/web /m);
    } finally {
      removeTree(dir);
    }
  });

  it('explain -: a live PodList and a policy piped in', async () => {
    const dump = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: PodList
  items:
  - metadata: {name: db-0, namespace: shop, labels: {app: db}, uid: 1, resourceVersion: "9"}
    spec: {containers: [{name: c, image: mysql, ports: [{containerPort: 3306}]}]}
    status: {phase: Running, podIP: 10.0.0.9}
  - metadata: {name: web-0, namespace: shop, labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicyList
  items:
  - metadata: {name: db, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: db}}
      ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 3306}]}]
    status: {}
`;
    const allowed = await runCli(['explain', '-', '--from', 'shop/web-0', '--to', 'shop/db-0', '--port', '3306'], REPO_ROOT, dump);
    assert.strictEqual(allowed.code, 0, allowed.stdout + allowed.stderr);
    assert.match(allowed.stdout, /<stdin>:\d+/);
    const denied = await runCli(['explain', '-', '--from', 'shop/web-0', '--to', 'shop/db-0', '--port', '80'], REPO_ROOT, dump);
    assert.strictEqual(denied.code, 3, denied.stdout + denied.stderr);
  });
});
