// Typed Kubernetes objects. Every field keeps where it was written (offsets
// into the file) and its API path (`spec.ingress[0].ports[1].port`), so that
// findings land on the exact node and speak the API server's language.
import type { Node } from 'yaml';
import type { OffsetRange } from '../findings';

export interface Located<T> {
  value: T;
  range: OffsetRange;
  /** API field path, e.g. `spec.podSelector.matchLabels`. */
  path: string;
}

/** A map or list field: where it is, and its entries. */
export interface LocatedList<T> {
  range: OffsetRange;
  path: string;
  items: T[];
}

export interface LabelEntry {
  key: Located<string>;
  value: Located<string>;
}

export interface LabelSelectorRequirement {
  range: OffsetRange;
  path: string;
  key?: Located<string>;
  operator?: Located<string>;
  values?: LocatedList<Located<string>>;
}

export interface LabelSelector {
  range: OffsetRange;
  path: string;
  /** Range of the field's key (`podSelector`), for hovers and lenses. */
  keyRange: OffsetRange;
  /**
   * `spec.podSelector` only: not written (`absent`; ranges are then the
   * `spec` key's, or the `kind` value's without a spec) or written as null.
   * Either way the API server stores `{}`: every pod of the namespace.
   */
  omitted?: 'absent' | 'null';
  matchLabels?: LocatedList<LabelEntry>;
  matchExpressions?: LocatedList<LabelSelectorRequirement>;
}

export interface NetworkPolicyPort {
  range: OffsetRange;
  path: string;
  protocol?: Located<string>;
  port?: Located<number | string>;
  endPort?: Located<number>;
}

export interface IPBlock {
  range: OffsetRange;
  path: string;
  cidr?: Located<string>;
  except?: LocatedList<Located<string>>;
}

export interface NetworkPolicyPeer {
  range: OffsetRange;
  path: string;
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export type Direction = 'Ingress' | 'Egress';

export interface NetworkPolicyRule {
  direction: Direction;
  range: OffsetRange;
  path: string;
  ports?: LocatedList<NetworkPolicyPort>;
  /** `from` for ingress, `to` for egress. */
  peers?: LocatedList<NetworkPolicyPeer>;
}

export interface ObjectMeta {
  name?: Located<string>;
  namespace?: Located<string>;
  labels?: LocatedList<LabelEntry>;
  /** The `metadata` map's range, or the object's when absent. */
  range: OffsetRange;
}

export interface ObjectBase {
  kind: string;
  apiVersion: string;
  /** Range of the `apiVersion:` value. */
  apiVersionRange?: OffsetRange;
  /** Range of the whole object (document contents or List item). */
  range: OffsetRange;
  /** Range of the `kind:` value, a stable anchor for object-level findings. */
  kindRange: OffsetRange;
  /** 0-based document index in the file; List items share their List's. */
  docIndex: number;
  /** Index inside a `List`, when the object is an item of one. */
  listIndex?: number;
  metadata: ObjectMeta;
  /** The object's root node, for features that need the raw tree. */
  node: Node;
}

export interface NetworkPolicy extends ObjectBase {
  kind: 'NetworkPolicy';
  spec?: { range: OffsetRange; keyRange: OffsetRange };
  podSelector?: LabelSelector;
  policyTypes?: LocatedList<Located<string>>;
  ingress?: LocatedList<NetworkPolicyRule>;
  egress?: LocatedList<NetworkPolicyRule>;
  /** Where the `policyTypes`, `ingress` and `egress` keys are written, for findings on the key. */
  specKeys?: { policyTypes?: OffsetRange; ingress?: OffsetRange; egress?: OffsetRange };
  /**
   * `ingress: []` / `egress: []` written as a list with no items at all (as
   * opposed to absent or null, which the API server stores alike but a
   * reader does not: `egress: []` looks like "deny all egress").
   */
  writtenEmpty?: { Ingress?: true; Egress?: true };
}

/** DeploymentConfig: OpenShift's (apps.openshift.io/v1) older Deployment, still common in OpenShift manifests. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DeploymentConfig'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  range: OffsetRange;
  /** Declared by a restartable init container (`restartPolicy: Always`, a sidecar). */
  sidecar?: true;
}

/** Anything that makes pods: its pods' labels and ports. */
export interface Workload extends ObjectBase {
  kind: WorkloadKind;
  /** Labels the pods get (a Pod's own, else the pod template's). */
  podLabels: LabelEntry[];
  /** Where the pod labels live, for edits: the labels map, or the metadata map that lacks one. */
  podLabelsAt: {
    /** API path of the labels map, e.g. `spec.template.metadata.labels`. */
    path: string;
    labels?: OffsetRange;
    metadata?: OffsetRange;
  };
  /** Ports of `containers` and of restartable init containers (sidecars), as Kubernetes resolves named ports. */
  ports: ContainerPort[];
  /** `hostNetwork: true` in the pod spec: the key's and value's ranges (absent otherwise). */
  hostNetwork?: { keyRange: OffsetRange; range: OffsetRange; path: string };
  /** `status.podIPs` / `status.podIP` when a manifest carries them. */
  podIPs: string[];
  /**
   * `metadata.ownerReferences`: the controller's (`controller: true`), else
   * the first. Set on objects of cluster dumps; manifests have none.
   */
  owner?: OwnerReference;
}

export interface OwnerReference {
  kind: string;
  name: string;
}

export interface Namespace extends ObjectBase {
  kind: 'Namespace';
}

/** Objects of kinds we do not analyse, kept for names and namespaces. */
export interface OtherObject extends ObjectBase {
  kind: string;
}

/** One port of a Service. */
export interface ServicePort {
  range: OffsetRange;
  path: string;
  name?: string;
  port: Located<number>;
  /** The pod port: a number, or a container port name; `port` when not written. */
  targetPort: Located<number | string>;
  /** `TCP` when not written. */
  protocol: string;
}

/** A core/v1 Service: which pods it sends to, on which ports. */
export interface Service extends ObjectBase {
  kind: 'Service';
  /**
   * `spec.selector`. Absent (or empty, which the API server stores as
   * absent): the Service selects no pods (its endpoints are managed by hand).
   */
  selector?: LocatedList<LabelEntry>;
  ports: ServicePort[];
}

/** `clientConfig.service` of a webhook, `spec.service` of an APIService. */
export interface ServiceReference {
  /** The `service` map, and its key. */
  range: OffsetRange;
  keyRange: OffsetRange;
  path: string;
  namespace: string;
  name: string;
  /** 443 when not written. */
  port: number;
}

/** One call the API server makes to a Service. */
export interface ServiceCall {
  /** `webhooks[i].name`; absent for an APIService. */
  name?: string;
  service: ServiceReference;
  /** `failurePolicy` of a webhook (`Fail` when not written); absent for an APIService. */
  failurePolicy?: string;
}

export const SERVICE_CALLER_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService'] as const;
export type ServiceCallerKind = (typeof SERVICE_CALLER_KINDS)[number];

/** Admission webhook configurations and APIServices: the API server calls their Services. */
export interface ServiceCaller extends ObjectBase {
  kind: ServiceCallerKind;
  calls: ServiceCall[];
}

export type K8sObject = NetworkPolicy | Workload | Namespace | Service | ServiceCaller | OtherObject;

/** A networking.k8s.io/v1 NetworkPolicy; other versions are plain objects (see apiVersion.ts). */
export function isNetworkPolicy(o: K8sObject): o is NetworkPolicy {
  return o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1';
}

export function isWorkload(o: K8sObject): o is Workload {
  return (WORKLOAD_KINDS as readonly string[]).includes(o.kind) && 'podLabels' in o;
}

export function isNamespace(o: K8sObject): o is Namespace {
  return o.kind === 'Namespace';
}

export function isService(o: K8sObject): o is Service {
  return o.kind === 'Service' && o.apiVersion === 'v1' && 'ports' in o;
}

export function isServiceCaller(o: K8sObject): o is ServiceCaller {
  return (SERVICE_CALLER_KINDS as readonly string[]).includes(o.kind) && 'calls' in o;
}
