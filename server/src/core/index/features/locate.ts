// What is under the cursor: a selector of a policy, a workload, a Namespace,
// a cluster workload's entry in the config file.
import { configEntryLocation } from '../../cluster/configLocation';
import { selectorSitesOf, SelectorSite } from '../../policy/resolve';
import type { IndexedNamespaceObject, IndexedPolicy, IndexedWorkload } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { siteRange } from './refs';

function within(offset: number, r: { start: number; end: number }): boolean {
  return offset >= r.start && offset <= r.end;
}

export function policyAt(index: WorkspaceIndex, uri: string, offset: number): IndexedPolicy | undefined {
  return index.getFile(uri)?.policies.find((p) => within(offset, p.policy.range));
}

/** The innermost selector whose key or value holds the offset. */
export function selectorAt(index: WorkspaceIndex, uri: string, offset: number): { policy: IndexedPolicy; site: SelectorSite } | undefined {
  const policy = policyAt(index, uri, offset);
  if (!policy) return undefined;
  let best: SelectorSite | undefined;
  for (const site of selectorSitesOf(policy.policy)) {
    const r = siteRange(site);
    if (within(offset, r) && (!best || r.end - r.start < siteRange(best).end - siteRange(best).start)) best = site;
  }
  return best && { policy, site: best };
}

export function workloadAt(index: WorkspaceIndex, uri: string, offset: number): IndexedWorkload | undefined {
  return index.getFile(uri)?.workloads.find((w) => within(offset, w.workload.range));
}

/** The workload whose pod labels map (or its `labels` key line) holds the offset. */
export function workloadLabelsAt(index: WorkspaceIndex, uri: string, offset: number): IndexedWorkload | undefined {
  const w = workloadAt(index, uri, offset);
  const labels = w?.workload.podLabelsAt.labels;
  if (!w || !labels) return undefined;
  const firstKey = w.workload.podLabels[0]?.key.range.start ?? labels.start;
  // From the start of the `labels:` line's key area: accept the map itself and the entries.
  return within(offset, { start: Math.min(labels.start, firstKey), end: labels.end }) ? w : undefined;
}

export function namespaceObjectAt(index: WorkspaceIndex, uri: string, offset: number): IndexedNamespaceObject | undefined {
  return index.getFile(uri)?.namespaceObjects.find((n) => within(offset, n.object.range));
}

/** The cluster workload the config file (at `uri`) declares at the offset. */
export function clusterWorkloadAt(index: WorkspaceIndex, uri: string, offset: number): IndexedWorkload | undefined {
  const declared = index.clusterWorkloads().filter((w) => w.uri === uri && w.cluster?.configPath);
  if (declared.length === 0) return undefined;
  const tree = index.treeOf(uri);
  return declared.find((w) => {
    const at = configEntryLocation(tree, w.cluster!.configPath!);
    return at !== undefined && within(offset, at.range);
  });
}
