// A selector's requirements one by one, each with where it was written, so a
// finding can point at the matchLabels entry or matchExpressions item that
// fails (compileSelector only says whether the whole selector matches).
// Same requirements, in the same order, as compileSelector: one per
// matchLabels key (the last entry of a key written twice wins, as the API
// server decodes a map), then one per matchExpressions item.
import type { OffsetRange } from '../findings';
import type { LabelSelector } from '../model/types';
import { compileSelector, effectiveMatchLabels, Requirement } from '../policy/labelSelector';

export interface LocatedRequirement {
  requirement: Requirement;
  /** The matchLabels pair (`key: value`) or the matchExpressions item. */
  range: OffsetRange;
  keyRange: OffsetRange;
  /** Where each wanted value is written (matchLabels value, or each `values` item). */
  valueRanges: { value: string; range: OffsetRange }[];
  source: 'matchLabels' | 'matchExpressions';
}

/** By model object (immutable once read): several rules locate the same selectors on every keystroke. */
const located = new WeakMap<LabelSelector, readonly LocatedRequirement[] | null>();

const requirementLists = new WeakMap<readonly LocatedRequirement[], readonly Requirement[]>();

/** The requirements of a located list, in its order; one shared frozen array per list, so caches keyed on it hit. */
export function requirementsOf(located: readonly LocatedRequirement[]): readonly Requirement[] {
  let out = requirementLists.get(located);
  if (!out) requirementLists.set(located, (out = Object.freeze(located.map((r) => r.requirement))));
  return out;
}

/** `undefined` when the selector is invalid (it matches nothing; validation reports why). Shared and frozen, do not modify. */
export function locatedRequirements(sel: LabelSelector): readonly LocatedRequirement[] | undefined {
  let out = located.get(sel);
  if (out === undefined) located.set(sel, (out = locate(sel)));
  return out ?? undefined;
}

function locate(sel: LabelSelector): readonly LocatedRequirement[] | null {
  if (compileSelector(sel) === null) return null;
  const out: LocatedRequirement[] = [];
  for (const e of effectiveMatchLabels(sel)) {
    out.push({
      requirement: { key: e.key.value, op: 'In', values: new Set([e.value.value]) },
      range: { start: e.key.range.start, end: e.value.range.end },
      keyRange: e.key.range,
      valueRanges: [{ value: e.value.value, range: e.value.range }],
      source: 'matchLabels',
    });
  }
  for (const x of sel.matchExpressions?.items ?? []) {
    // compileSelector accepted the selector, so key and operator are there.
    const compiled = compileSelector({ range: x.range, path: x.path, keyRange: x.range, matchExpressions: { range: x.range, path: x.path, items: [x] } });
    if (!compiled || compiled.length !== 1 || !x.key) continue;
    out.push({
      requirement: compiled[0],
      range: x.range,
      keyRange: x.key.range,
      valueRanges: (x.values?.items ?? []).map((v) => ({ value: v.value, range: v.range })),
      source: 'matchExpressions',
    });
  }
  return Object.freeze(out);
}
