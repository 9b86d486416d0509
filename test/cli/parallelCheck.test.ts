// `netpol check`, `matrix` and `explain` analyse the files on every core
// (worker threads, cli/parallel/pool.ts); what they print must be the serial
// run's, byte for byte. Compared on a generated workspace large enough for
// the workers to start (more than PARALLEL_MIN_CHARS), with a kustomization
// (read on the main thread) and the worker's share checked in the stats.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateWorkspace } from '../bench/generate';
import { PARALLEL_MIN_CHARS } from '../../server/src/cli/parallel/jobs';
import { removeTree, runCli } from './runCli';

/** Objects without a namespace: the folder's kustomization gives it; the policy's selector is misspelt, so `check` names it. */
const KUSTOMIZED_APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    metadata:
      labels:
        app: kustomized
    spec:
      containers:
      - name: app
        image: app
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app
spec:
  podSelector:
    matchLabels:
      app: kustomised
`;

const STATS = /^netpol: jobs (\{.*\})\n/m;

async function run(args: string[], cwd: string, jobs: number): Promise<{ code: number; stdout: string; stderr: string; byWorkers: number }> {
  const r = await runCli(args, cwd, undefined, { NETPOL_JOBS: String(jobs), NETPOL_JOBS_STATS: '1' });
  const stats = STATS.exec(r.stderr);
  assert.ok(stats, `no jobs stats in: ${r.stderr.slice(0, 500)}`);
  return { ...r, stderr: r.stderr.replace(STATS, ''), byWorkers: JSON.parse(stats[1]).byWorkers };
}

describe('netpol on several threads prints what one thread prints', function () {
  this.timeout(300000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-parallel-'));
    const ws = generateWorkspace(root, 1000, 11, 'realistic', { coreDns: true });
    assert.ok(ws.bytes > 2 * PARALLEL_MIN_CHARS, `${ws.bytes} bytes: too few for the workers`);
    // Kustomizations giving folders their namespace (the main thread reads them in their turn), between the generated files.
    for (let i = 0; i < 12; i++) {
      const folder = path.join(root, `m-kustomized-${i}`);
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, 'kustomization.yaml'), `namespace: kustomized-${i}\nresources: [app.yaml]\n`);
      fs.writeFileSync(path.join(folder, 'app.yaml'), KUSTOMIZED_APP);
    }
  });
  after(() => removeTree(root));

  for (const args of [['check', '.'], ['check', '--format', 'json', '.'], ['check', '--format', 'sarif', '.'], ['matrix', '--format', 'json', '.']]) {
    it(args.join(' '), async () => {
      const serial = await run(args, root, 1);
      const parallel = await run(args, root, 3);
      assert.strictEqual(serial.byWorkers, 0);
      assert.ok(parallel.byWorkers > 0, 'the workers analysed some files');
      assert.strictEqual(parallel.code, serial.code);
      assert.ok(serial.stdout.length > 1000, `output too short to mean anything: ${serial.stdout}`);
      assert.ok(parallel.stdout === serial.stdout, 'stdout differs');
      assert.strictEqual(parallel.stderr, serial.stderr);
    });
  }

  it('--jobs overrides NETPOL_JOBS; a bad value is a usage error', async () => {
    const one = await runCli(['check', '--jobs', '1', '.'], root, undefined, { NETPOL_JOBS: '3', NETPOL_JOBS_STATS: '1' });
    assert.strictEqual(JSON.parse(STATS.exec(one.stderr)![1]).byWorkers, 0);
    const bad = await runCli(['check', '--jobs', 'many', '.'], root);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--jobs must be a whole number/);
  });
});
