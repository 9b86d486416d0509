// Public surface of the cluster model.
export { buildClusterModel, DECLARED_DESCRIPTION, DNS_DESCRIPTION } from './build';
export { DEFAULT_NAMESPACES, DNS_PRESETS, isDnsPreset, NODELOCAL_DNS_IP } from './presets';
export { clusterDnsOf, dnsWorkloadsOf, isClusterModelUri, isClusterWorkload } from './queries';
export { configEntryLocation } from './configLocation';
export { CLUSTER_MODEL_URI } from './types';
export type { ClusterConfig, ClusterDns, ClusterModel, ClusterNamespace, ClusterPort, ClusterWorkload, DnsPreset, LabelMap } from './types';
