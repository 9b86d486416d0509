// Bounds that let the "add label" search skip a whole source (the members of
// one nearest value) once it holds its candidates: when no member can beat
// the third best before names are compared, none is read. Exact, not a
// heuristic: see `mayStopEarly` for when skipping changes nothing.
import type { Requirement } from '../policy/labelSelector';
import { editDistance, LabelScope, MAX_LABEL_VALUE_LENGTH } from '../policy/suggest';
import { fixable, meetsValue, only } from './fixableRequirement';

/** What the search compares before names: rank, then requirements met, then distance. */
export interface Score {
  rank: number;
  met: number;
  distance: number;
}

/**
 * Distances of label values to the wanted one, per requirement, as the
 * search computes them (the same cutoff): the members of one value share
 * one computation instead of one each.
 */
export class Distances {
  private readonly memo = new Map<Requirement, Map<string, number>>();

  of(r: Requirement & { op: 'In' }, old: string): number {
    let byValue = this.memo.get(r);
    if (!byValue) this.memo.set(r, (byValue = new Map()));
    let d = byValue.get(old);
    if (d === undefined) byValue.set(old, (d = editDistance(old, only(r), MAX_LABEL_VALUE_LENGTH + 1)));
    return d;
  }
}

/**
 * An upper bound of the distinct objects a search can look at: per scope,
 * the sources `gather` reads times what each may give, and no more than the
 * scope has (plus the pool-wide fallback when the scope cannot list itself).
 */
export function visitBound<T>(reqs: readonly Requirement[], scopes: LabelScope<T>[], perSource: number, nearest: number): number {
  let sources = 1;
  for (const r of reqs) {
    if (r.op === 'In') sources += r.values.size;
    else if (r.op === 'Exists') sources += perSource;
    if (fixable(r)) sources += nearest;
  }
  let total = 0;
  for (const s of scopes) {
    const own = (sources - (s.list ? 0 : 1)) * perSource;
    total += (s.count === undefined ? own : Math.min(own, s.count)) + (s.list ? 0 : perSource);
  }
  return total;
}

/**
 * Skipping objects is exact while the evaluation budget cannot run out: the
 * objects skipped would have been rejected, the kept candidates only get
 * better (so one skipped and met again later is rejected again), and no
 * budget spent on them is missed by a later object.
 */
export function mayStopEarly<T>(reqs: readonly Requirement[], scopes: LabelScope<T>[], perSource: number, nearest: number, budget: number): boolean {
  return visitBound(reqs, scopes, perSource, nearest) < budget;
}

/**
 * Whether every object of rank `rank` whose label `key` is `value` ranks
 * after `worst` before names are compared (what `evaluate` rejects): at best
 * it meets every requirement on other keys, at no distance.
 */
export function cannotBeat(reqs: readonly Requirement[], key: string, value: string, rank: number, worst: Score, distances: Distances): boolean {
  let met = 0;
  let distance = 0;
  for (const r of reqs) {
    if (r.key !== key || meetsValue(r, value)) met++;
    else if (!fixable(r)) return true;
    else distance += distances.of(r, value);
  }
  return (rank - worst.rank || worst.met - met || distance - worst.distance) > 0;
}
