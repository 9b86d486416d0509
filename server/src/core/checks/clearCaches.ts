// Every cache the checks keep per index, forgotten at once: benchmarks and
// ratio tests measure the cold work (what a fresh server or `netpol check`
// does), not the answers of an earlier run.
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { clearDnsGaps } from './dnsReachability';
import { clearHostNetworkPeers } from './hostNetworkPod';
import { clearNamespacesWithWorkloads } from './namespacesWithWorkloads';
import { clearOtherNamespaces } from './otherNamespaces';
import { clearSelectorVerdicts } from './selectorMatchesNothing';
import { clearSelectorScopes } from './selectorScopes';
import { clearServicePortSuspects } from './servicePortSuspects';
import { clearIsolationCache } from './workloadNotIsolated';

export function clearCheckCaches(index: WorkspaceIndex): void {
  clearSelectorVerdicts(index);
  clearIsolationCache(index);
  clearDnsGaps(index);
  clearOtherNamespaces(index);
  clearHostNetworkPeers(index);
  clearSelectorScopes(index);
  clearNamespacesWithWorkloads(index);
  clearServicePortSuspects(index);
}
