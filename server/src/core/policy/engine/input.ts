// What the connectivity engine reads: plain namespaces, workloads and
// policies. The workspace index produces this shape; `engineInputFromObjects`
// builds it from extracted objects, for tests and one-shot tools.
import type { OffsetRange } from '../../findings';
import type { ContainerPort, K8sObject, NetworkPolicy } from '../../model/types';
import { isNamespace, isNetworkPolicy, isWorkload } from '../../model/types';
import type { Labels } from '../labelSelector';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface EngineNamespace {
  name: string;
  /** Should include `kubernetes.io/metadata.name`; the engine adds it when missing. */
  labels: Labels;
}

/** A container port as policies see it (`ContainerPort` fits). */
export type EnginePort = Pick<ContainerPort, 'name' | 'containerPort' | 'protocol'>;

export interface EngineWorkload {
  /** Unique within the input. */
  id: string;
  /** `Pod`, `Deployment`, ... */
  kind: string;
  name: string;
  namespace: string;
  /** The labels its pods get. */
  labels: Labels;
  ports: readonly EnginePort[];
  /** `status.podIPs` when the manifest carries them; matched by ipBlock peers. */
  podIPs: readonly string[];
  uri?: string;
  range?: OffsetRange;
  /** `metadata.ownerReferences`' controller (cluster dumps); see owners.ts. */
  owner?: { kind: string; name: string };
  /** Set by groupByOwner: the pods this endpoint stands for. */
  pods?: { names: string[]; suffix?: string };
}

export interface EnginePolicy {
  policy: NetworkPolicy;
  /** The policy's effective namespace. */
  namespace: string;
  uri?: string;
}

export interface EngineInput {
  namespaces: readonly EngineNamespace[];
  workloads: readonly EngineWorkload[];
  policies: readonly EnginePolicy[];
}

export interface SourcedObject {
  object: K8sObject;
  uri: string;
}

function labelsOf(entries: readonly { key: { value: string }; value: { value: string } }[] | undefined): Map<string, string> {
  // Last entry wins, as the API server decodes a map with a repeated key.
  const out = new Map<string, string>();
  for (const e of entries ?? []) out.set(e.key.value, e.value.value);
  return out;
}

/**
 * Objects without `metadata.namespace` land in `defaultNamespace`. Workload
 * ids are `${uri}#${position among that uri's objects}`, like the index's.
 */
export function engineInputFromObjects(objects: readonly SourcedObject[], defaultNamespace = 'default'): EngineInput {
  const namespaceLabels = new Map<string, Map<string, string>>();
  const named = new Set<string>();
  const workloads: EngineWorkload[] = [];
  const policies: EnginePolicy[] = [];
  const positions = new Map<string, number>();
  for (const { object, uri } of objects) {
    const position = positions.get(uri) ?? 0;
    positions.set(uri, position + 1);
    if (object.metadata.namespace) named.add(object.metadata.namespace.value);
    if (isNamespace(object)) {
      const name = object.metadata.name?.value;
      // The first definition of a namespace gives its labels.
      if (name && !namespaceLabels.has(name)) namespaceLabels.set(name, labelsOf(object.metadata.labels?.items));
      continue;
    }
    const namespace = object.metadata.namespace?.value ?? defaultNamespace;
    if (isNetworkPolicy(object)) {
      named.add(namespace);
      policies.push({ policy: object, namespace, uri });
    } else if (isWorkload(object)) {
      named.add(namespace);
      workloads.push({
        id: `${uri}#${position}`,
        kind: object.kind,
        name: object.metadata.name?.value ?? '',
        namespace,
        labels: labelsOf(object.podLabels),
        ports: object.ports,
        podIPs: object.podIPs,
        uri,
        range: object.range,
        ...(object.owner ? { owner: object.owner } : {}),
      });
    }
  }
  for (const name of named) if (!namespaceLabels.has(name)) namespaceLabels.set(name, new Map());
  const namespaces: EngineNamespace[] = [...namespaceLabels].map(([name, labels]) => {
    labels.set(METADATA_NAME_LABEL, name);
    return { name, labels };
  });
  return { namespaces, workloads, policies };
}
