// A cluster dump (test/fixtures/cluster-dump: 2 Deployments of 3 pods, one
// through a ReplicaSet in the dump and one without, a StatefulSet of 2):
// the built CLI shows one row per controller with its pod count, and explain
// answers the same for a pod's name and its owner's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runCli } from './runCli';

const DUMP = 'test/fixtures/cluster-dump';

describe('netpol on a cluster dump', function () {
  this.timeout(30_000);

  it('matrix --format json has one row per controller, with pod counts', async () => {
    const r = await runCli(['matrix', '--format', 'json', DUMP]);
    assert.strictEqual(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    const rows = json.endpoints.filter((e: { kind: string }) => e.kind === 'workload').map((e: { key: string; pods: number }) => [e.key, e.pods]);
    assert.deepStrictEqual(rows, [['shop/api[Deployment]', 3], ['shop/db[StatefulSet]', 2], ['shop/web[Deployment]', 3]]);
    assert.deepStrictEqual(Object.keys(json.matrix).sort(), ['outside', 'shop/api[Deployment]', 'shop/db[StatefulSet]', 'shop/web[Deployment]']);
    assert.deepStrictEqual(json.matrix['shop/api[Deployment]']['shop/db[StatefulSet]'], ['TCP 5432']);
    assert.strictEqual(json.matrix['shop/web[Deployment]']['shop/db[StatefulSet]'], 'none');
  });

  it('matrix --format md and csv carry the pod counts too', async () => {
    const md = await runCli(['matrix', '--format', 'md', DUMP]);
    assert.strictEqual(md.code, 0, md.stderr);
    assert.match(md.stdout, /^\| \*\*shop\/api\[Deployment\]\*\* \(3 pods\) \| all \| TCP 5432 \|/m);
    assert.match(md.stdout, /^\| \*\*shop\/db\[StatefulSet\]\*\* \(2 pods\) \|/m);
    assert.match(md.stdout, /^\| \*\*outside\*\* \|/m);
    const csv = (await runCli(['matrix', '--format', 'csv', DUMP])).stdout.split('\r\n');
    assert.strictEqual(csv[0], 'from,pods,shop/api[Deployment],shop/db[StatefulSet],shop/web[Deployment],outside');
    assert.deepStrictEqual(csv.slice(1, -1).map((line) => line.split(',').slice(0, 2)), [['shop/api[Deployment]', '3'], ['shop/db[StatefulSet]', '2'], ['shop/web[Deployment]', '3'], ['outside', '']]);
    // Manifests have no pods column.
    assert.match((await runCli(['matrix', '--format', 'csv', 'examples/three-tier'])).stdout, /^from,shop\//);
  });

  it('explain --from a pod and --from its owner agree', async () => {
    const json = async (from: string, to: string) => {
      const r = await runCli(['explain', DUMP, '--from', from, '--to', to, '--port', '5432', '--format', 'json']);
      return { code: r.code, view: r.stdout, err: r.stderr };
    };
    const byPod = await json('shop/api-5f6g7h-uvwxy', 'shop/db-1');
    const byOwner = await json('shop/api', 'shop/db[StatefulSet]');
    assert.strictEqual(byPod.code, 0, byPod.err);
    assert.strictEqual(byPod.view, byOwner.view);
    assert.strictEqual((await json('shop/web-7d4b9c-klmno', 'shop/db')).code, 3, 'web is denied');
  });

  it('the README shows the grouped matrix', async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf(`$ npx netpol matrix ${DUMP}\n`);
    assert.ok(start >= 0, 'README shows the cluster dump matrix');
    const shown = readme.slice(start).split('\n').slice(1).join('\n');
    const r = await runCli(['matrix', DUMP]);
    assert.ok(shown.startsWith(r.stdout), `README shows:\n${r.stdout}`);
    assert.match(r.stdout, /pods: shop\/api\[Deployment\] 3, shop\/db\[StatefulSet\] 2, shop\/web\[Deployment\] 3/);
  });
});
