// addLabelCandidates skips a source (the members of one label) whose members
// cannot beat the third candidate, and computes a label's distance once per
// search. The search as it was (addLabelCandidatesBefore.ts) is the
// reference: on random pools large enough that sources fill up (more than 16
// members of a label, ties on names, several scopes and ranks, objects that
// cannot be edited, pools past the evaluation budget) and on the rule's own
// searches over generated workspaces, both give the same candidates, labels
// and order; and the skipping does happen (fewer objects read).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addLabelCandidates } from '../../../server/src/core/checks/addLabelCandidates';
import { anyWorkloadMatches } from '../../../server/src/core/checks/anyWorkloadMatches';
import { locatedRequirements } from '../../../server/src/core/checks/locatedRequirements';
import { namespacesWithWorkloads } from '../../../server/src/core/checks/namespacesWithWorkloads';
import { podPool } from '../../../server/src/core/checks/podPool';
import { podSelectorScopes } from '../../../server/src/core/checks/selectorScopes';
import type { SelectorPool, TargetRef } from '../../../server/src/core/checks/unmatchedSelector';
import { LabelTable } from '../../../server/src/core/index/labelTable';
import { METADATA_NAME_LABEL } from '../../../server/src/core/index/types';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import type { Requirement } from '../../../server/src/core/policy/labelSelector';
import type { LabelScope } from '../../../server/src/core/policy/suggest';
import { generateWorkspace } from '../../bench/generate';
import { addLabelCandidatesBefore } from './addLabelCandidatesBefore';

interface Obj {
  name: string;
  ns: string;
  labels: Map<string, string>;
  editable: boolean;
}

const KEYS = ['app', 'tier', 'team', METADATA_NAME_LABEL];
/** Few values, near each other: labels with many members, and nearest values at equal distances. */
const VALUES = ['api', 'apii', 'aip', 'web', 'webb', 'db', 'dbb', 'backend', 'backnd', 'x'];

/** A pool whose members rank as their scope does (the pools of the rules do). */
function randomCase(seed: number): { reqs: Requirement[]; pool: SelectorPool<Obj>; reads: () => number } {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const namespaces = ['own', 'n1', 'n2', 'n3'].slice(0, 1 + Math.floor(random() * 4));
  const rankOf = (ns: string) => (ns === 'own' ? 0 : ns === 'n3' ? 2 : 1);
  const values = VALUES.slice(0, 2 + Math.floor(random() * VALUES.length));
  const objs = new Map<string, Obj[]>();
  for (const ns of namespaces) {
    const list: Obj[] = [];
    for (let i = 0; i < Math.floor(random() * 300); i++) {
      const labels = new Map<string, string>();
      for (const k of KEYS) if (random() < 0.7) labels.set(k, pick(values));
      list.push({ name: `w${Math.floor(random() * 40)}`, ns, labels, editable: random() < 0.9 });
    }
    objs.set(ns, list);
  }
  const reqs: Requirement[] = [];
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
    const key = pick(KEYS);
    const op = pick(['In', 'In', 'In', 'In', 'NotIn', 'Exists', 'DoesNotExist'] as const);
    reqs.push(op === 'In' || op === 'NotIn' ? { key, op, values: new Set(random() < 0.85 ? [pick(VALUES)] : [pick(VALUES), pick(VALUES)]) } : { key, op });
  }
  const listed = random() < 0.8;
  const counted = random() < 0.8;
  const scope = (ns: string): LabelScope<Obj> => {
    const table = new LabelTable<Obj>();
    for (const o of objs.get(ns)!) table.add(o, o.labels);
    return { name: ns, table, rank: rankOf(ns), ...(counted ? { count: objs.get(ns)!.length } : {}), ...(listed ? { list: () => objs.get(ns)!.values() } : {}) };
  };
  let reads = 0;
  const pool: SelectorPool<Obj> = {
    target: 'pod',
    where: '',
    scopes: namespaces.map(scope),
    others: [],
    *members() {
      for (const ns of namespaces) yield* objs.get(ns)!;
    },
    labelsOf: (o) => (reads++, o.labels),
    describe: (o) => o.name,
    ref: (o): TargetRef | undefined => (o.editable ? { uri: `file:///${o.ns}-${o.name.length % 2}.yaml`, kind: 'Deployment', name: o.name, namespace: o.ns } : undefined),
    rank: (o) => rankOf(o.ns),
  };
  return { reqs, pool, reads: () => reads };
}

describe('addLabelCandidates passes over labels that cannot beat the third candidate: the candidates of reading them all', () => {
  it('on random pools, the same candidates in the same order, with fewer objects read', () => {
    let nonEmpty = 0;
    let fewer = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const { reqs, pool, reads } = randomCase(seed);
      const expected = addLabelCandidatesBefore(reqs, pool);
      const before = reads();
      const actual = addLabelCandidates(reqs, pool);
      const read = reads() - before;
      assert.deepStrictEqual(actual, expected, `seed ${seed}`);
      if (expected.length > 0) nonEmpty++;
      // Each reads an object's labels once per object looked at, and once per candidate.
      if (read < before) fewer++;
    }
    assert.ok(nonEmpty > 1000, `${nonEmpty} cases with candidates`);
    assert.ok(fewer > 150, `${fewer} cases reading fewer objects`);
  });

  it('past the evaluation budget, skips nothing: the objects it would spare do not let it read further than the reference', () => {
    // Six scopes of 48 objects looked at each (16 at distance 1, 16 at 3, 16 at 4) spend the budget of 256 in the sixth; a
    // seventh of the same rank holds a better name. Skipping the far labels would spare enough budget to reach it.
    const scopes: LabelScope<Obj>[] = [];
    const all: Obj[] = [];
    for (let i = 0; i <= 6; i++) {
      const ns = `n${i}`;
      const objs: Obj[] = [];
      const add = (name: string, app: string, n: number) => {
        for (let j = 0; j < n; j++) objs.push({ name, ns, labels: new Map([['app', app]]), editable: true });
      };
      if (i < 6) [['m', 'api'], ['m', 'abcd'], ['m', 'zzzz']].forEach(([name, app]) => add(name, app, 16));
      else add('a', 'api', 1);
      const table = new LabelTable<Obj>();
      for (const o of objs) table.add(o, o.labels);
      scopes.push({ name: ns, table, rank: 1, count: objs.length, list: () => objs.values() });
      all.push(...objs);
    }
    const pool: SelectorPool<Obj> = {
      target: 'pod',
      where: '',
      scopes,
      others: [],
      members: () => all.values(),
      labelsOf: (o) => o.labels,
      describe: (o) => o.name,
      ref: (o) => ({ uri: `file:///${o.ns}.yaml`, kind: 'Deployment', name: o.name, namespace: o.ns }),
      rank: () => 1,
    };
    const reqs: Requirement[] = [{ key: 'app', op: 'In', values: new Set(['apii']) }];
    const expected = addLabelCandidatesBefore(reqs, pool);
    assert.deepStrictEqual(expected.map((c) => c.name), ['m', 'm', 'm']);
    assert.deepStrictEqual(addLabelCandidates(reqs, pool), expected);
  });

  it("on the rule's searches over generated workspaces (realistic and today shapes), the same candidates", function () {
    this.timeout(120000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-skip-eq-'));
    try {
      let searches = 0;
      for (const [pods, seed, shape] of [[300, 1, 'realistic'], [2000, 7, 'realistic'], [800, 3, 'today']] as const) {
        const ws = generateWorkspace(path.join(root, `ws-${pods}-${seed}`), pods, seed, shape, { coreDns: true });
        const index = new WorkspaceIndex();
        for (const f of ws.files) index.setFile(f, fs.readFileSync(f, 'utf8'));
        for (const uri of index.uris()) {
          for (const scope of podSelectorScopes(index, uri)) {
            const withWorkloads = namespacesWithWorkloads(index, scope.namespaces);
            const reqs = locatedRequirements(scope.site.selector)?.map((r) => r.requirement);
            if (withWorkloads.length === 0 || !reqs || anyWorkloadMatches(index, withWorkloads, reqs)) continue;
            const { pool } = podPool(index, scope.policy.namespace, withWorkloads, scope.namespaces, '');
            assert.deepStrictEqual(addLabelCandidates(reqs, pool), addLabelCandidatesBefore(reqs, pool), `${uri} ${scope.site.selector.path}`);
            searches++;
          }
        }
      }
      assert.ok(searches > 30, `${searches} searches`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
