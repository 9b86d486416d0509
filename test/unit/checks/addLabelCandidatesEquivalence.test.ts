// addLabelCandidates keeps only the best few candidates as it looks at the
// objects and lists the labels to add for those only. The implementation it
// replaced (evaluate every object looked at, sort them all, slice) is kept
// here as the reference: on random pools of labelled objects (several
// scopes and ranks, objects that cannot be edited, names tied, selectors of
// every operator), both give the same candidates in the same order.
import * as assert from 'assert';
import { addLabelCandidates } from '../../../server/src/core/checks/addLabelCandidates';
import type { LabelToAdd, SelectorPool, TargetRef } from '../../../server/src/core/checks/unmatchedSelector';
import { LabelTable } from '../../../server/src/core/index/labelTable';
import { METADATA_NAME_LABEL } from '../../../server/src/core/index/types';
import { matches, Requirement } from '../../../server/src/core/policy/labelSelector';
import { editDistance, LabelScope, MAX_LABEL_VALUE_LENGTH } from '../../../server/src/core/policy/suggest';

// ---- the replaced implementation, as it was ----
const MAX_CANDIDATES = 3;
/** A fix that sets more labels than this is no quick fix. */
const MAX_LABELS_TO_ADD = 8;
/** Objects taken from one source (one label's members, the nearest values...) of one scope. */
const PER_SOURCE = 16;
/** Objects evaluated in one search, over all scopes. */
const EVALUATION_BUDGET = 256;
/** Nearest values of a key whose members are looked at. */
const NEAREST_VALUES = 3;
/** Values of one key compared with the wanted one, per scope. */
const VALUE_BUDGET = 4096;

interface AddLabelCandidate extends TargetRef {
  labelsToAdd: LabelToAdd[];
}

interface Scored {
  ref: TargetRef;
  labelsToAdd: LabelToAdd[];
  met: number;
  rank: number;
  distance: number;
}

/** Own namespace first, most requirements met, closest labels, then by name and file. */
function better(a: Scored, b: Scored): number {
  return a.rank - b.rank || b.met - a.met || a.distance - b.distance || cmp(a.ref.name, b.ref.name) || cmp(a.ref.uri, b.ref.uri) || cmp(a.ref.kind, b.ref.kind);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `In` with one value, on a key users may set: the requirements a label edit can satisfy. */
function fixable(r: Requirement): r is Requirement & { op: 'In' } {
  return r.op === 'In' && r.values.size === 1 && r.key !== METADATA_NAME_LABEL;
}

function only(r: Requirement & { op: 'In' }): string {
  return r.values.values().next().value as string;
}

/**
 * Ordered by the pool's rank (own namespace first), then by how many
 * requirements they already meet, then by how close their labels are to the
 * wanted ones (`app=backend` is closest to `app=backnd`), then by name.
 * Objects that cannot be edited (`ref` undefined: cluster-model workloads,
 * namespaces no file defines) are never candidates.
 */
function oldCandidates<T>(reqs: Requirement[], pool: SelectorPool<T>): AddLabelCandidate[] {
  if (!reqs.some(fixable)) return [];
  const scopes = [...pool.scopes].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const seen = new Set<T>();
  const found: Scored[] = [];
  let budget = EVALUATION_BUDGET;
  for (let i = 0; i < scopes.length && budget > 0; ) {
    // Scopes of one rank together; a later rank cannot beat enough candidates of an earlier one.
    const rank = scopes[i].rank ?? 0;
    for (; i < scopes.length && (scopes[i].rank ?? 0) === rank; i++) {
      for (const m of gather(reqs, scopes[i], pool)) {
        if (budget <= 0) break;
        if (seen.has(m)) continue;
        seen.add(m);
        budget--;
        const s = evaluate(reqs, m, pool);
        if (s) found.push(s);
      }
    }
    if (found.length >= MAX_CANDIDATES) break;
  }
  found.sort(better);
  return found.slice(0, MAX_CANDIDATES).map((s) => ({ ...s.ref, labelsToAdd: s.labelsToAdd }));
}

function evaluate<T>(reqs: Requirement[], member: T, pool: SelectorPool<T>): Scored | undefined {
  const ref = pool.ref(member);
  if (!ref) return undefined;
  const labels = pool.labelsOf(member);
  const labelsToAdd: LabelToAdd[] = [];
  let met = 0;
  let distance = 0;
  for (const r of reqs) {
    if (matches([r], labels)) met++;
    else if (!fixable(r) || labelsToAdd.length >= MAX_LABELS_TO_ADD) return undefined;
    else {
      const value = only(r);
      const old = labels.get(r.key);
      labelsToAdd.push(old === undefined ? { key: r.key, value } : { key: r.key, value, replaces: old });
      distance += old === undefined ? value.length + 1 : editDistance(old, value, MAX_LABEL_VALUE_LENGTH + 1);
    }
  }
  if (labelsToAdd.length === 0) return undefined;
  return { ref, labelsToAdd, met, rank: pool.rank(member), distance };
}

/** A bounded list of the scope's objects most likely to be close: ordered sources, each capped. */
function* gather<T>(reqs: Requirement[], scope: LabelScope<T>, pool: SelectorPool<T>): Generator<T> {
  const table = scope.table;
  // Objects that already meet a requirement.
  for (const r of reqs) {
    if (r.op === 'In') for (const v of r.values) yield* take(table.members(r.key, v), PER_SOURCE);
    else if (r.op === 'Exists') for (const set of first(table.values(r.key).values(), PER_SOURCE)) yield* take(set, PER_SOURCE);
  }
  // Objects whose value of a wanted key is nearest.
  for (const r of reqs) {
    if (!fixable(r)) continue;
    for (const v of nearestValues(scope, r.key, only(r))) yield* take(table.members(r.key, v), PER_SOURCE);
  }
  // Any others (they lack the keys): a few.
  yield* take(scope.list ? scope.list() : pool.members(), PER_SOURCE);
}

function nearestValues<T>(scope: LabelScope<T>, key: string, wanted: string): string[] {
  const top: { value: string; d: number }[] = [];
  let budget = VALUE_BUDGET;
  for (const value of scope.table.values(key).keys()) {
    if (--budget < 0) break;
    if (value.length > MAX_LABEL_VALUE_LENGTH) continue;
    const cutoff = top.length === NEAREST_VALUES ? top[NEAREST_VALUES - 1].d : Infinity;
    const d = editDistance(value, wanted, cutoff);
    if (d > cutoff || (d === cutoff && top.length === NEAREST_VALUES)) continue;
    top.push({ value, d });
    top.sort((a, b) => a.d - b.d || cmp(a.value, b.value));
    if (top.length > NEAREST_VALUES) top.pop();
  }
  return top.map((t) => t.value);
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of items) {
    yield x;
    if (++i >= n) return;
  }
}

function first<T>(items: Iterable<T>, n: number): T[] {
  return [...take(items, n)];
}

// ---- random pools ----
interface Obj {
  name: string;
  ns: string;
  labels: Map<string, string>;
  editable: boolean;
}

const KEYS = ['app', 'tier', 'team', METADATA_NAME_LABEL];
const VALUES = ['api', 'apii', 'web', 'webb', 'db', 'back', 'backend', 'front', 'x'];

function randomCase(seed: number): { reqs: Requirement[]; pool: SelectorPool<Obj> } {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const namespaces = ['own', 'n1', 'n2'].slice(0, 1 + Math.floor(random() * 3));
  const objs = new Map<string, Obj[]>();
  for (const ns of namespaces) {
    const list: Obj[] = [];
    for (let i = 0; i < Math.floor(random() * 120); i++) {
      const labels = new Map<string, string>();
      for (const k of KEYS) if (random() < 0.6) labels.set(k, pick(VALUES));
      list.push({ name: `w${Math.floor(random() * 30)}`, ns, labels, editable: random() < 0.9 });
    }
    objs.set(ns, list);
  }
  const reqs: Requirement[] = [];
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
    const key = pick(KEYS);
    const op = pick(['In', 'In', 'In', 'NotIn', 'Exists', 'DoesNotExist'] as const);
    reqs.push(op === 'In' || op === 'NotIn' ? { key, op, values: new Set(random() < 0.8 ? [pick(VALUES)] : [pick(VALUES), pick(VALUES)]) } : { key, op });
  }
  const scope = (ns: string): LabelScope<Obj> => {
    const table = new LabelTable<Obj>();
    for (const o of objs.get(ns)!) table.add(o, o.labels);
    return { name: ns, table, rank: ns === 'own' ? 0 : 1, count: objs.get(ns)!.length, list: () => objs.get(ns)!.values() };
  };
  const pool: SelectorPool<Obj> = {
    target: 'pod',
    where: '',
    scopes: namespaces.map(scope),
    others: [],
    *members() {
      for (const ns of namespaces) yield* objs.get(ns)!;
    },
    labelsOf: (o) => o.labels,
    describe: (o) => o.name,
    ref: (o): TargetRef | undefined => (o.editable ? { uri: `file:///${o.ns}.yaml`, kind: 'Deployment', name: o.name, namespace: o.ns } : undefined),
    rank: (o) => (o.ns === 'own' ? 0 : 1),
  };
  return { reqs, pool };
}

describe('addLabelCandidates keeps the best few as it goes: the candidates of evaluating all and sorting', () => {
  it('on random pools, the same candidates in the same order', () => {
    let nonEmpty = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const { reqs, pool } = randomCase(seed);
      const expected = oldCandidates(reqs, pool);
      assert.deepStrictEqual(addLabelCandidates(reqs, pool), expected, `seed ${seed}`);
      if (expected.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > 300, `${nonEmpty} cases with candidates`);
  });
});
