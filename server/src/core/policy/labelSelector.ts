// Label selector semantics (apimachinery): matchLabels AND every
// matchExpression; an empty selector matches everything. Invalid selectors
// (bad operator, In without values) match nothing, as the API server would
// never have stored them.
import type { LabelEntry, LabelSelector } from '../model/types';

export type Labels = ReadonlyMap<string, string>;

/** One label as a single map key (`key\0value`), for indexes by label. */
export function labelPairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

export type Requirement =
  | { key: string; op: 'In' | 'NotIn'; values: ReadonlySet<string> }
  | { key: string; op: 'Exists' | 'DoesNotExist' };

/** A selector reduced to plain requirements; `null` = matches nothing. */
export type CompiledSelector = Requirement[] | null;

/** Compiled selectors by model object (immutable once read): the checks compile the same selectors on every keystroke. */
const compiled = new WeakMap<LabelSelector, CompiledSelector>();

const EMPTY: Requirement[] = Object.freeze([]) as unknown as Requirement[];

/** The selector's requirements; shared and frozen, do not modify. */
export function compileSelector(sel: LabelSelector | undefined): CompiledSelector {
  if (!sel) return EMPTY;
  let reqs = compiled.get(sel);
  if (reqs === undefined) {
    reqs = compileRequirements(sel);
    if (reqs) Object.freeze(reqs);
    compiled.set(sel, reqs);
  }
  return reqs;
}

function compileRequirements(sel: LabelSelector): CompiledSelector {
  const reqs: Requirement[] = [];
  for (const e of effectiveMatchLabels(sel)) reqs.push({ key: e.key.value, op: 'In', values: new Set([e.value.value]) });
  for (const x of sel.matchExpressions?.items ?? []) {
    if (!x.key || !x.operator) return null;
    const values = new Set((x.values?.items ?? []).map((v) => v.value));
    switch (x.operator.value) {
      case 'In':
      case 'NotIn':
        if (values.size === 0) return null;
        reqs.push({ key: x.key.value, op: x.operator.value, values });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.size > 0) return null;
        reqs.push({ key: x.key.value, op: x.operator.value });
        break;
      default:
        return null;
    }
  }
  return reqs;
}

/**
 * matchLabels entries as the API server keeps them: a map, so of a key
 * written twice the last entry wins. In source order of the kept entries.
 */
export function effectiveMatchLabels(sel: LabelSelector): LabelEntry[] {
  const items = sel.matchLabels?.items ?? [];
  if (items.length < 2) return items;
  const last = new Map<string, LabelEntry>();
  for (const e of items) last.set(e.key.value, e);
  return last.size === items.length ? items : items.filter((e) => last.get(e.key.value) === e);
}

export function matches(selector: CompiledSelector | readonly Requirement[], labels: Labels): boolean {
  if (selector === null) return false;
  for (const r of selector) {
    const has = labels.has(r.key);
    switch (r.op) {
      case 'In':
        if (!has || !r.values.has(labels.get(r.key)!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.has(labels.get(r.key)!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Readable form, e.g. `app=db, tier in (a,b), !legacy`; `{}` selects all. */
export function describeSelector(selector: CompiledSelector | readonly Requirement[]): string {
  if (selector === null) return '(invalid selector: matches nothing)';
  if (selector.length === 0) return 'all';
  return selector
    .map((r) => {
      switch (r.op) {
        case 'In':
          return r.values.size === 1 ? `${r.key}=${[...r.values][0]}` : `${r.key} in (${[...r.values].join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${[...r.values].join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(', ');
}
