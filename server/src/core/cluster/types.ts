// The cluster model: what exists in every cluster (and what the user says
// exists) although the repository does not define it. Shared by the index
// (which resolves selectors against it), the config file (which overrides
// it) and the checks. Plain data, no behaviour.

/** A label map as written in the config (`{app: web}`). */
export type LabelMap = Record<string, string>;

export interface ClusterPort {
  name?: string;
  port: number;
  /** TCP, UDP or SCTP; default TCP. */
  protocol?: string;
}

/** A namespace that exists in the cluster. `kubernetes.io/metadata.name` is always added. */
export interface ClusterNamespace {
  name: string;
  labels?: LabelMap;
}

/** Pods that run in the cluster but are not defined in the repository. */
export interface ClusterWorkload {
  name: string;
  namespace: string;
  /** Default `Deployment`. */
  kind?: string;
  labels: LabelMap;
  ports?: ClusterPort[];
  /** Why it exists, shown in hovers and messages: `cluster DNS`, `declared in .netpol.yaml`. */
  description?: string;
  /** Where the config declares it (`['cluster', 'workloads', 2]`, `['cluster', 'dns']`), for links; set by buildClusterModel. */
  configPath?: (string | number)[];
}

/** The cluster DNS: pods (selectable) and, for NodeLocal DNSCache, a link-local address. */
export interface ClusterDns {
  namespace: string;
  labels: LabelMap;
  /** The ports policies see (after DNAT): CoreDNS 53, OpenShift 5353. */
  ports: ClusterPort[];
  /** NodeLocal DNSCache listens on a node address, not a pod (169.254.20.10). */
  ip?: string;
  /** Name of the pods' workload, e.g. `coredns`. */
  workloadName: string;
  workloadKind?: string;
}

export type DnsPreset = 'coredns' | 'openshift' | 'nodelocal' | 'none';

/** The model as written in `.netpol.yaml` under `cluster:`; every field optional. */
export interface ClusterConfig {
  /** Replaces the built-in list (default, kube-system, kube-public, kube-node-lease) when given. */
  namespaces?: ClusterNamespace[];
  /** Added to the built-in list (or to `namespaces`). */
  extraNamespaces?: ClusterNamespace[];
  /** A preset name or a full description; default `coredns`. */
  dns?: DnsPreset | ClusterDns;
  /** Workloads that live outside the repository (ingress controller, Prometheus, ...). */
  workloads?: ClusterWorkload[];
}

/** The resolved model the index uses. */
export interface ClusterModel {
  namespaces: ClusterNamespace[];
  /** `undefined` when the DNS preset is `none`. */
  dns?: ClusterDns;
  /** Every workload of the model, the DNS pods included. */
  workloads: ClusterWorkload[];
}

/** The index key under which the cluster model's objects are held; no file on disk has it. */
export const CLUSTER_MODEL_URI = 'netpol-cluster:/cluster-model.yaml';
