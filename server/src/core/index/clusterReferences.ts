// Which cluster-model workloads a view of the workspace should show. The
// DNS pods exist in every cluster, so a matrix listing them whether or not
// any policy mentions them would change every repository's output; they are
// shown when a selector picks them out. What the user declared is shown
// always: they said it matters.
import { compileSelector } from '../policy/labelSelector';
import { peersSelecting, policiesSelecting } from '../policy/resolve';
import type { IndexedWorkload } from './types';
import type { WorkspaceIndex } from './workspaceIndex';

/** The cluster workloads worth showing: declared ones, and DNS pods some selector selects. */
export function referencedClusterWorkloads(index: WorkspaceIndex): IndexedWorkload[] {
  const dns = index.clusterModel.dns;
  return index.clusterWorkloads().filter((w) => {
    const isDns = dns !== undefined && w.namespace === dns.namespace && w.name === dns.workloadName;
    return !isDns || isSelected(index, w);
  });
}

/**
 * A policy of its namespace selects it, or a peer does that names pods or
 * namespaces: `namespaceSelector: {}` alone (every pod everywhere) does not
 * count, it is no reference to these pods.
 */
function isSelected(index: WorkspaceIndex, w: IndexedWorkload): boolean {
  if (policiesSelecting(index, w).length > 0) return true;
  return peersSelecting(index, w).some(({ peer }) => !(isEverything(peer.namespaceSelector) && (peer.podSelector === undefined || isEverything(peer.podSelector))));
}

function isEverything(selector: Parameters<typeof compileSelector>[0]): boolean {
  const compiled = compileSelector(selector);
  return compiled !== null && compiled.length === 0;
}
