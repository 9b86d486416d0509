// netpol/workload-not-isolated (opt-in): for a direction, no NetworkPolicy
// selects the workload, so all its traffic that way is allowed. Reported once
// per workload, at its name, naming the open directions. Which workloads are
// isolated is computed once per namespace from the policies' selectors
// through the label tables, and kept until the index changes: a file's
// check costs its own workloads plus, once per pass, its namespaces' policies.
import type { Direction } from '../model/types';
import type { Finding } from '../findings';
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectivePolicyTypes } from '../policy/engine/compile';
import { CompiledSelector, compileSelector } from '../policy/labelSelector';
import { selectWorkloads } from '../policy/resolve';
import { selectorSignature } from './verdictCache';
import type { IndexCheck } from './check';

const CHECK_ID = 'netpol/workload-not-isolated';
const SEVERITY = 'warning' as const;
const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

type Isolated = Record<Direction, Set<string>>;

export const workloadNotIsolated: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  offByDefault: true,
  doc:
    'No NetworkPolicy selects the workload for ingress (or egress), so all traffic to (or from) its pods is allowed. ' +
    'Opt-in: most clusters run some workloads open on purpose.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    const cache = isolatedCache(index);
    for (const w of index.getFile(uri)?.workloads ?? []) {
      const isolated = cache(w.namespace);
      const open = DIRECTIONS.filter((d) => !isolated[d].has(w.id));
      if (open.length > 0) out.push(report(w, open));
    }
    return out;
  },
};

function report(w: IndexedWorkload, open: Direction[]): Finding {
  const words = open.map((d) => d.toLowerCase()).join(' and ');
  const traffic = open.length === 2 ? 'all traffic to and from its pods is' : open[0] === 'Ingress' ? 'all traffic to its pods is' : 'all traffic from its pods is';
  const message =
    `${w.workload.kind} ${w.namespace}/${w.name || '(unnamed)'} is not isolated for ${words}: no NetworkPolicy selects it, so ${traffic} allowed. ` +
    `Add a policy in namespace ${w.namespace} whose podSelector matches its labels (a default deny \`podSelector: {}\` covers every pod of the namespace).`;
  return { ruleId: CHECK_ID, severity: SEVERITY, message, range: w.workload.metadata.name?.range ?? w.workload.kindRange, data: { workload: w.id, directions: open } };
}

const caches = new WeakMap<WorkspaceIndex, { version: number; byNamespace: Map<string, Isolated> }>();

/** Forgets the cached isolation (benchmarks measure a cold run). */
export function clearIsolationCache(index: WorkspaceIndex): void {
  caches.delete(index);
}

/** The workloads some policy selects, per direction, for one namespace; recomputed when the index changes. */
function isolatedCache(index: WorkspaceIndex): (ns: string) => Isolated {
  let entry = caches.get(index);
  if (entry?.version !== index.version) caches.set(index, (entry = { version: index.version, byNamespace: new Map() }));
  const byNamespace = entry.byNamespace;
  return (ns) => {
    let isolated = byNamespace.get(ns);
    if (!isolated) byNamespace.set(ns, (isolated = isolatedIn(index, ns)));
    return isolated;
  };
}

function isolatedIn(index: WorkspaceIndex, ns: string): Isolated {
  const isolated: Isolated = { Ingress: new Set(), Egress: new Set() };
  // Policies sharing a podSelector (many policies of a namespace select the same app) select the same pods: resolve each selector once.
  const bySelector = new Map<string, { selector: CompiledSelector; directions: Set<Direction> }>();
  for (const p of index.policiesIn(ns).values()) {
    if (!p.policy.podSelector) continue;
    const types = effectivePolicyTypes({ policy: p.policy, namespace: p.namespace });
    const directions = DIRECTIONS.filter((d) => types[d]);
    if (directions.length === 0) continue;
    const selector = compileSelector(p.policy.podSelector);
    if (selector === null) continue;
    const key = selectorSignature(selector);
    let entry = bySelector.get(key);
    if (!entry) bySelector.set(key, (entry = { selector, directions: new Set() }));
    for (const d of directions) entry.directions.add(d);
  }
  for (const { selector, directions } of bySelector.values()) {
    for (const w of selectWorkloads(index, [ns], selector)) for (const d of directions) isolated[d].add(w.id);
  }
  return isolated;
}
