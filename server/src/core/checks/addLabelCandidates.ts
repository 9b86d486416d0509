// The "add label" candidates of a selector that matches nothing: objects that
// would match once a few labels are set. Found through the label tables
// (members of the wanted labels, of the nearest values, a few others), scope
// by scope in rank order, with a bounded number of objects looked at: the
// cost does not grow with the pool. Once three candidates are held, a source
// whose members cannot beat the third is not read (candidateBounds.ts).
import type { Labels, Requirement } from '../policy/labelSelector';
import { editDistance, LabelScope, MAX_LABEL_VALUE_LENGTH } from '../policy/suggest';
import { cannotBeat, Distances, mayStopEarly } from './candidateBounds';
import { fixable, meets, meetsValue, only } from './fixableRequirement';
import type { LabelToAdd, SelectorPool, TargetRef } from './unmatchedSelector';

export const MAX_CANDIDATES = 3;
/** A fix that sets more labels than this is no quick fix. */
export const MAX_LABELS_TO_ADD = 8;
/** Objects taken from one source (one label's members, the nearest values...) of one scope. */
const PER_SOURCE = 16;
/** Objects evaluated in one search, over all scopes. */
const EVALUATION_BUDGET = 256;
/** Nearest values of a key whose members are looked at. */
const NEAREST_VALUES = 3;
/** Values of one key compared with the wanted one, per scope. */
const VALUE_BUDGET = 4096;

export interface AddLabelCandidate extends TargetRef {
  labelsToAdd: LabelToAdd[];
}

interface Scored<T> {
  member: T;
  ref: TargetRef;
  met: number;
  rank: number;
  distance: number;
}

/** Own namespace first, most requirements met, closest labels, then by name and file. */
function better<T>(a: Scored<T>, b: Scored<T>): number {
  return a.rank - b.rank || b.met - a.met || a.distance - b.distance || cmp(a.ref.name, b.ref.name) || cmp(a.ref.uri, b.ref.uri) || cmp(a.ref.kind, b.ref.kind);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ordered by the pool's rank (own namespace first), then by how many
 * requirements they already meet, then by how close their labels are to the
 * wanted ones (`app=backend` is closest to `app=backnd`), then by name.
 * Objects that cannot be edited (`ref` undefined: cluster-model workloads,
 * namespaces no file defines) are never candidates.
 * Only the best few are kept as the objects are looked at (what a stable
 * sort of all of them and a slice give), and the labels to add are listed
 * for those only: a search looks at up to EVALUATION_BUDGET objects.
 */
export function addLabelCandidates<T>(reqs: readonly Requirement[], pool: SelectorPool<T>): AddLabelCandidate[] {
  if (!reqs.some(fixable)) return [];
  const scopes = [...pool.scopes].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const seen = new Set<T>();
  const top: Scored<T>[] = [];
  const distances = new Distances();
  let found = 0;
  let budget = EVALUATION_BUDGET;
  const visit = (m: T): boolean => {
    if (budget <= 0) return false;
    if (seen.has(m)) return true;
    seen.add(m);
    budget--;
    // With the candidates found, one that is worse before names are compared is not looked at further.
    const worst = top.length === MAX_CANDIDATES ? top[MAX_CANDIDATES - 1] : undefined;
    const s = evaluate(reqs, m, pool, distances, worst);
    if (s) {
      found++;
      keepBest(top, s);
    }
    return true;
  };
  const stopEarly = mayStopEarly(reqs, scopes, PER_SOURCE, NEAREST_VALUES, EVALUATION_BUDGET);
  for (let i = 0; i < scopes.length && budget > 0; ) {
    // Scopes of one rank together; a later rank cannot beat enough candidates of an earlier one.
    const rank = scopes[i].rank ?? 0;
    for (; i < scopes.length && (scopes[i].rank ?? 0) === rank; i++) {
      const scopeRank = scopes[i].rank ?? 0;
      // Members of key=value that cannot beat the third candidate: not read.
      const hopeless = (key: string, value: string) => stopEarly && top.length === MAX_CANDIDATES && cannotBeat(reqs, key, value, scopeRank, top[MAX_CANDIDATES - 1], distances);
      gather(reqs, scopes[i], pool, visit, hopeless);
    }
    if (found >= MAX_CANDIDATES) break;
  }
  return top.map((s) => ({ ...s.ref, labelsToAdd: labelsToAdd(reqs, pool.labelsOf(s.member)) }));
}

/** Inserts after the ones it does not beat (a stable order), keeping MAX_CANDIDATES. */
function keepBest<T>(top: Scored<T>[], s: Scored<T>): void {
  if (top.length === MAX_CANDIDATES && better(s, top[MAX_CANDIDATES - 1]) >= 0) return;
  let i = top.length;
  while (i > 0 && better(s, top[i - 1]) < 0) i--;
  top.splice(i, 0, s);
  if (top.length > MAX_CANDIDATES) top.pop();
}

/**
 * The object's score, `undefined` when it is no candidate. With `worst` (the
 * last of MAX_CANDIDATES kept), also `undefined` when it ranks after it
 * whatever its name: its reference is then not made (found already counts
 * enough candidates, the only other use of the answer).
 */
function evaluate<T>(reqs: readonly Requirement[], member: T, pool: SelectorPool<T>, distances: Distances, worst?: Scored<T>): Scored<T> | undefined {
  const labels = pool.labelsOf(member);
  let toAdd = 0;
  let met = 0;
  let distance = 0;
  for (const r of reqs) {
    const old = labels.get(r.key);
    if (meetsValue(r, old)) met++;
    else if (!fixable(r) || toAdd >= MAX_LABELS_TO_ADD) return undefined;
    else {
      toAdd++;
      distance += old === undefined ? only(r).length + 1 : distances.of(r, old);
    }
  }
  if (toAdd === 0) return undefined;
  const rank = pool.rank(member);
  if (worst && (rank - worst.rank || worst.met - met || distance - worst.distance) > 0) return undefined;
  const ref = pool.ref(member);
  if (!ref) return undefined;
  return { member, ref, met, rank, distance };
}

/** The labels a candidate lacks, as `evaluate` counted them. */
function labelsToAdd(reqs: readonly Requirement[], labels: Labels): LabelToAdd[] {
  const out: LabelToAdd[] = [];
  for (const r of reqs) {
    if (meets(r, labels) || !fixable(r)) continue;
    const value = only(r);
    const old = labels.get(r.key);
    out.push(old === undefined ? { key: r.key, value } : { key: r.key, value, replaces: old });
  }
  return out;
}

/**
 * A bounded list of the scope's objects most likely to be close, handed to
 * `visit` until it returns false: ordered sources, each capped. A source of
 * one label that `hopeless` names is passed over.
 */
function gather<T>(reqs: readonly Requirement[], scope: LabelScope<T>, pool: SelectorPool<T>, visit: (m: T) => boolean, hopeless: (key: string, value: string) => boolean): void {
  const table = scope.table;
  const label = (key: string, value: string, members: Iterable<T>) => hopeless(key, value) || take(members, PER_SOURCE, visit);
  // Objects that already meet a requirement.
  for (const r of reqs) {
    if (r.op === 'In') {
      for (const v of r.values) if (!label(r.key, v, table.members(r.key, v))) return;
    } else if (r.op === 'Exists') {
      for (const [v, set] of first(table.values(r.key), PER_SOURCE)) if (!label(r.key, v, set)) return;
    }
  }
  // Objects whose value of a wanted key is nearest.
  for (const r of reqs) {
    if (!fixable(r)) continue;
    for (const v of nearestValues(scope, r.key, only(r))) if (!label(r.key, v, table.members(r.key, v))) return;
  }
  // Any others (they lack the keys): a few.
  take(scope.list ? scope.list() : pool.members(), PER_SOURCE, visit);
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

/** Hands the first `n` items to `visit`; false when `visit` asked to stop. */
function take<T>(items: Iterable<T>, n: number, visit: (m: T) => boolean): boolean {
  if (n <= 0) return true;
  let i = 0;
  for (const x of items) {
    if (!visit(x)) return false;
    if (++i >= n) return true;
  }
  return true;
}

function first<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const x of items) {
    if (out.length >= n) break;
    out.push(x);
  }
  return out;
}
