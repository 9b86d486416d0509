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

export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  range: OffsetRange;
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
  ports: ContainerPort[];
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

export type K8sObject = NetworkPolicy | Workload | Namespace | OtherObject;

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
