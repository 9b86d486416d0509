// The pool a pod selector is judged against: the label tables of the
// namespaces in its scope (the policy's own first), the other namespaces for
// "exists in namespace ..." hints, read lazily. Cluster-model workloads are
// named by what they are (`cluster DNS`) and are never edited.
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { LabelScope } from '../policy/suggest';
import type { SelectorPool } from './unmatchedSelector';

/** The pool, and whether its `others` were read (the verdict then depends on every namespace). */
export interface PodPool {
  pool: SelectorPool<IndexedWorkload>;
  readOthers(): boolean;
}

export function podPool(index: WorkspaceIndex, policyNamespace: string, withWorkloads: readonly string[], inScope: readonly string[], where: string): PodPool {
  const scope = (ns: string): LabelScope<IndexedWorkload> => ({
    name: ns,
    table: index.podLabels(ns),
    rank: ns === policyNamespace ? 0 : 1,
    count: index.workloadCountIn(ns),
    list: () => index.workloadsIn(ns).values(),
  });
  let others: LabelScope<IndexedWorkload>[] | undefined;
  const pool: SelectorPool<IndexedWorkload> = {
    target: 'pod',
    where,
    scopes: withWorkloads.map(scope),
    get others() {
      if (!others) {
        const skip = new Set(inScope);
        others = index
          .workloadNamespaces()
          .filter((ns) => !skip.has(ns))
          .sort()
          .map(scope);
      }
      return others;
    },
    *members() {
      for (const ns of withWorkloads) yield* index.workloadsIn(ns).values();
    },
    labelsOf: (w) => w.labels,
    describe: (w) => w.cluster?.description ?? `${w.workload.kind} ${w.name}`,
    // A cluster-model workload has no manifest to add a label to.
    ref: (w) => (w.cluster ? undefined : { uri: w.uri, kind: w.workload.kind, name: w.name, namespace: w.namespace }),
    rank: (w) => (w.namespace === policyNamespace ? 0 : 1),
  };
  return { pool, readOthers: () => others !== undefined };
}
