// What the index stores per object: the typed object, its file and its
// effective namespace (metadata.namespace, else the folder's kustomization,
// else the default namespace).
import type { Labels } from '../policy/labelSelector';
import type { Namespace, NetworkPolicy, Service, ServiceCaller, Workload } from '../model/types';

export interface IndexedWorkload {
  /** Stable within one index state: `${uri}#${position in the file's objects}`. */
  id: string;
  uri: string;
  workload: Workload;
  namespace: string;
  /** Pod labels as a map (last entry wins, as the API server decodes). */
  labels: Labels;
  /** `metadata.name`, `''` when missing. */
  name: string;
  /**
   * Set for workloads of the cluster model (not defined in the repository):
   * what they are (`cluster DNS`, `declared in .netpol.yaml`). Their `uri` is
   * CLUSTER_MODEL_URI, or the config file's uri when declared there.
   */
  cluster?: {
    description: string;
    /** Where the config file declares it (see ClusterWorkload.configPath); absent for built-in ones. */
    configPath?: (string | number)[];
  };
}

export interface IndexedPolicy {
  id: string;
  uri: string;
  policy: NetworkPolicy;
  namespace: string;
  name: string;
}

export interface IndexedService {
  id: string;
  uri: string;
  service: Service;
  namespace: string;
  name: string;
  /** `spec.selector` as a map; undefined when the Service selects no pods. */
  selector?: Labels;
}

/** A webhook configuration or APIService: the Services the API server calls. */
export interface IndexedServiceCaller {
  id: string;
  uri: string;
  caller: ServiceCaller;
  name: string;
}

export interface IndexedNamespaceObject {
  id: string;
  uri: string;
  object: Namespace;
  name: string;
}

/** A namespace as selectors see it. */
export interface NamespaceInfo {
  name: string;
  /** The defining Namespace object's labels plus `kubernetes.io/metadata.name`. */
  labels: Labels;
  /** Namespace objects that define it (the first, by uri, gives the labels); empty when only named. */
  definitions: IndexedNamespaceObject[];
  /** It is in the cluster model (built in, or declared in the config); its labels come from there unless a Namespace object defines it. */
  cluster?: boolean;
}

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';
