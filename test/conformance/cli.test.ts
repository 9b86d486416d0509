// The conformance cases through the CLI: `netpol matrix --format json` on
// each case's files (the model plus the case folder), compared with the
// expected truth tables. Every case runs the whole command (argument
// parsing, file walk, workspace, engine, JSON output); one case in
// SPAWN_EVERY runs the built dist/cli.js as a child process, as users and CI
// do, and the others call the same program in-process, because spawning 44
// node processes costs about a minute on a loaded 2-core machine.
// NETPOL_SPAWN_ALL=1 spawns every case.
import * as assert from 'assert';
import { runCli as runCliInProcess } from '../../server/src/cli/program';
import type { JsonEndpoint } from '../../server/src/cli/format/matrixJson';
import type { MatrixJson } from '../../server/src/core/policy/engine/matrix';
import { CliRun, REPO_ROOT, runCli as spawnCli } from '../cli/runCli';
import { compareMatrix, ConformanceCase, ENDPOINTS, listCases } from './harness';

const SPAWN_EVERY = process.env.NETPOL_SPAWN_ALL === '1' ? 1 : 8;
/** Child processes at a time. */
const PARALLEL = 4;

describe('conformance (upstream e2e model) through `netpol matrix --format json`', function () {
  this.timeout(120_000);
  const cases = listCases();
  const spawned = new Set(cases.filter((_, i) => i % SPAWN_EVERY === 0).map((c) => c.name));
  const results = new Map<string, CliRun>();

  before(async () => {
    const queue = cases.filter((c) => spawned.has(c.name));
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) results.set(c.name, await spawnCli(argsOf(c)));
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    for (const c of cases) if (!spawned.has(c.name)) results.set(c.name, await inProcess(argsOf(c)));
  });

  it('runs every case, some as child processes', () => {
    assert.ok(cases.length >= 20, `only ${cases.length} cases`);
    assert.ok(spawned.size >= Math.min(cases.length, 4), `only ${spawned.size} spawned`);
  });

  for (const c of cases) {
    it(`${c.name}${spawned.has(c.name) ? ' (child process)' : ''}`, () => {
      const run = results.get(c.name)!;
      assert.strictEqual(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as MatrixJson;
      // The model has no DNS pods; the cluster model's CoreDNS joins the
      // matrix when a selector picks it out (`kubernetes.io/metadata.name
      // NotIn [y]` does), marked as such. The truth tables cover the model.
      const cluster: string[] = (json.endpoints as JsonEndpoint[]).filter((e) => e.cluster !== undefined).map((e) => e.key);
      assert.deepStrictEqual(cluster.filter((k) => k !== 'kube-system/coredns'), []);
      assert.deepStrictEqual(Object.keys(json.matrix).filter((k) => !cluster.includes(k)), ENDPOINTS);
      assert.deepStrictEqual(compareMatrix(c, json), []);
    });
  }
});

/** The model file, then the case folder (the CLI walks it for its *.yaml; expected.json is not YAML). */
function argsOf(c: ConformanceCase): string[] {
  return ['matrix', '--format', 'json', c.files[0], c.dir];
}

async function inProcess(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), cwd: REPO_ROOT });
  return { code, stdout, stderr };
}
