// Resolves the cluster model from the config (defaults, DNS preset, user
// workloads). STUB: the cluster-model work replaces this body.
import type { ClusterConfig, ClusterModel } from './types';

export function buildClusterModel(_config?: ClusterConfig): ClusterModel {
  return { namespaces: [], workloads: [] };
}
