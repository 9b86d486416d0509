// Questions checks and features ask about the cluster model through the index.
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { matches } from '../policy/labelSelector';
import { CLUSTER_MODEL_URI, ClusterDns } from './types';

/** The cluster DNS in effect; undefined when the config says `dns: none`. */
export function clusterDnsOf(index: WorkspaceIndex): ClusterDns | undefined {
  return index.clusterModel.dns;
}

/**
 * The workloads that serve the cluster DNS: the model's DNS workload, or the
 * files' workloads that replace it or carry its labels in its namespace.
 */
export function dnsWorkloadsOf(index: WorkspaceIndex): IndexedWorkload[] {
  const dns = clusterDnsOf(index);
  if (!dns) return [];
  const requirements = Object.entries(dns.labels).map(([key, value]) => ({ key, op: 'In' as const, values: new Set([value]) }));
  if (requirements.length === 0) return [...index.workloadsIn(dns.namespace).values()].filter((w) => w.name === dns.workloadName);
  return [...index.workloadsIn(dns.namespace).values()].filter((w) => matches(requirements, w.labels));
}

export function isClusterWorkload(w: IndexedWorkload): boolean {
  return w.cluster !== undefined;
}

/** The uri of objects that exist only in the model: no file, nothing to open or publish. */
export function isClusterModelUri(uri: string): boolean {
  return uri === CLUSTER_MODEL_URI;
}
