// What the policyTypes rules ask of a policy: the types as written (an empty
// list is defaulted like an absent one, as the API server does), the types
// after defaulting, and the pods it selects, named for messages (bounded).
import type { RelatedInfo } from '../findings';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Direction, NetworkPolicy } from '../model/types';
import { effectivePolicyTypes } from '../policy/engine/compile';
import { compileSelector, matches } from '../policy/labelSelector';
import { byWorkloadOrder } from '../policy/resolve';

/** `policyTypes` as written; `undefined` when absent or `[]` (both are defaulted). */
export function writtenPolicyTypes(p: NetworkPolicy): Set<string> | undefined {
  const items = p.policyTypes?.items ?? [];
  return items.length > 0 ? new Set(items.map((t) => t.value)) : undefined;
}

export function effectiveTypes(p: IndexedPolicy): Record<Direction, boolean> {
  return effectivePolicyTypes({ policy: p.policy, namespace: p.namespace, uri: p.uri });
}

export function rulesOf(p: NetworkPolicy, d: Direction) {
  return d === 'Ingress' ? p.ingress : p.egress;
}

export function lower(d: Direction): 'ingress' | 'egress' {
  return d === 'Ingress' ? 'ingress' : 'egress';
}

/** Workloads sampled for a message: enough to name a few and tell whether there are more. */
const SAMPLE = 50;
/** Workloads named in a message. */
const NAMED = 3;

export interface SelectedSample {
  /** Up to SAMPLE selected workloads, in display order. */
  workloads: IndexedWorkload[];
  /** More match than were sampled. */
  more: boolean;
}

/**
 * Workloads the policy's podSelector selects, at most SAMPLE of them: the
 * smallest posting list of an In requirement when there is one, else the
 * namespace's workloads, stopping early (no check may cost policies x workloads).
 */
export function selectedSample(index: WorkspaceIndex, p: IndexedPolicy): SelectedSample {
  const reqs = compileSelector(p.policy.podSelector);
  if (reqs === null) return { workloads: [], more: false };
  const table = index.podLabels(p.namespace);
  let candidates: Iterable<IndexedWorkload> = index.workloadsIn(p.namespace).values();
  let best = Infinity;
  for (const r of reqs) {
    if (r.op !== 'In') continue;
    const size = [...r.values].reduce((n, v) => n + table.members(r.key, v).size, 0);
    if (size < best) {
      best = size;
      candidates = inValues(table, r);
    }
  }
  const out: IndexedWorkload[] = [];
  let more = false;
  for (const w of candidates) {
    if (!matches(reqs, w.labels)) continue;
    if (out.length === SAMPLE) {
      more = true;
      break;
    }
    out.push(w);
  }
  return { workloads: out.sort(byWorkloadOrder), more };
}

function* inValues(table: ReturnType<WorkspaceIndex['podLabels']>, r: { key: string; values: ReadonlySet<string> }): Iterable<IndexedWorkload> {
  for (const v of r.values) yield* table.members(r.key, v);
}

/** `Deployment api, Deployment web and 3 more`; `none in the workspace` when empty. */
export function workloadNames(s: SelectedSample): string {
  if (s.workloads.length === 0) return 'none in the workspace';
  const names = s.workloads.slice(0, NAMED).map((w) => `${w.workload.kind} ${w.name}`);
  const rest = s.workloads.length - names.length;
  if (rest === 0 && !s.more) return names.join(', ');
  return `${names.join(', ')} and ${s.more ? 'more' : `${rest} more`}`;
}

/** `a, b, c and 2 more` for the first NAMED policies (already in display order). */
export function policyNames(policies: readonly IndexedPolicy[]): string {
  const shown = policies.slice(0, NAMED).map((o) => o.name).join(', ');
  return policies.length > NAMED ? `${shown} and ${policies.length - NAMED} more` : shown;
}

/** Related information pointing at each of the first NAMED policies' names. */
export function policyLinks(policies: readonly IndexedPolicy[], message: (p: IndexedPolicy) => string): RelatedInfo[] {
  return policies.slice(0, NAMED).map((o) => ({ uri: o.uri, range: o.policy.metadata.name?.range ?? o.policy.kindRange, message: message(o) }));
}
