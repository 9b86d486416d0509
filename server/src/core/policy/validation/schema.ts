// The shape of networking.k8s.io/v1 NetworkPolicy as the API server's Go
// decoder sees it: JSON field names, and the Go type names its errors print
// (`reflect.Type.String()`, pointers already dereferenced).

export type FieldType =
  | { kind: 'string'; go: string }
  | { kind: 'int'; go: 'int32' | 'int64' }
  | { kind: 'bool' }
  /** intstr.IntOrString: its own UnmarshalJSON decodes non-strings into int32. */
  | { kind: 'intOrString' }
  /** metav1.Time: its own UnmarshalJSON wants a string. */
  | { kind: 'time' }
  | { kind: 'struct'; go: string; fields: Record<string, FieldType> }
  | { kind: 'slice'; elem: FieldType }
  | { kind: 'map'; elem: FieldType }
  /** Anything goes, unchecked (status, managedFields[].fieldsV1). */
  | { kind: 'any' };

const str = (go = 'string'): FieldType => ({ kind: 'string', go });
const int32: FieldType = { kind: 'int', go: 'int32' };
const int64: FieldType = { kind: 'int', go: 'int64' };
const bool: FieldType = { kind: 'bool' };
const time: FieldType = { kind: 'time' };
const slice = (elem: FieldType): FieldType => ({ kind: 'slice', elem });
const stringMap: FieldType = { kind: 'map', elem: str() };

/** The Go type name an error prints, e.g. `[]v1.NetworkPolicyPort`. */
export function goTypeName(t: FieldType): string {
  switch (t.kind) {
    case 'string':
      return t.go;
    case 'int':
      return t.go;
    case 'bool':
      return 'bool';
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'time':
      return 'v1.Time';
    case 'struct':
      return t.go;
    case 'slice':
      return '[]' + goTypeName(t.elem);
    case 'map':
      return `map[string]${goTypeName(t.elem)}`;
    case 'any':
      return 'interface {}';
  }
}

/** `v1.NetworkPolicyPort` -> `NetworkPolicyPort`, the struct name in "Go struct field X.path". */
export function structName(t: FieldType & { kind: 'struct' }): string {
  return t.go.slice(t.go.indexOf('.') + 1);
}

const labelSelectorRequirement: FieldType = {
  kind: 'struct',
  go: 'v1.LabelSelectorRequirement',
  fields: { key: str(), operator: str('v1.LabelSelectorOperator'), values: slice(str()) },
};

const labelSelector: FieldType = {
  kind: 'struct',
  go: 'v1.LabelSelector',
  fields: { matchLabels: stringMap, matchExpressions: slice(labelSelectorRequirement) },
};

const ipBlock: FieldType = { kind: 'struct', go: 'v1.IPBlock', fields: { cidr: str(), except: slice(str()) } };

const peer: FieldType = {
  kind: 'struct',
  go: 'v1.NetworkPolicyPeer',
  fields: { podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock },
};

const port: FieldType = {
  kind: 'struct',
  go: 'v1.NetworkPolicyPort',
  fields: { protocol: str('v1.Protocol'), port: { kind: 'intOrString' }, endPort: int32 },
};

const ingressRule: FieldType = { kind: 'struct', go: 'v1.NetworkPolicyIngressRule', fields: { ports: slice(port), from: slice(peer) } };
const egressRule: FieldType = { kind: 'struct', go: 'v1.NetworkPolicyEgressRule', fields: { ports: slice(port), to: slice(peer) } };

const spec: FieldType = {
  kind: 'struct',
  go: 'v1.NetworkPolicySpec',
  fields: { podSelector: labelSelector, ingress: slice(ingressRule), egress: slice(egressRule), policyTypes: slice(str('v1.PolicyType')) },
};

const ownerReference: FieldType = {
  kind: 'struct',
  go: 'v1.OwnerReference',
  fields: { apiVersion: str(), kind: str(), name: str(), uid: str('types.UID'), controller: bool, blockOwnerDeletion: bool },
};

const managedFieldsEntry: FieldType = {
  kind: 'struct',
  go: 'v1.ManagedFieldsEntry',
  fields: {
    manager: str(),
    operation: str('v1.ManagedFieldsOperationType'),
    apiVersion: str(),
    time,
    fieldsType: str(),
    fieldsV1: { kind: 'any' },
    subresource: str(),
  },
};

const objectMeta: FieldType = {
  kind: 'struct',
  go: 'v1.ObjectMeta',
  fields: {
    name: str(),
    generateName: str(),
    namespace: str(),
    selfLink: str(),
    uid: str('types.UID'),
    resourceVersion: str(),
    generation: int64,
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: int64,
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: slice(ownerReference),
    finalizers: slice(str()),
    managedFields: slice(managedFieldsEntry),
  },
};

export const NETWORK_POLICY_SCHEMA: FieldType & { kind: 'struct' } = {
  kind: 'struct',
  go: 'v1.NetworkPolicy',
  fields: {
    apiVersion: str(),
    kind: str(),
    metadata: objectMeta,
    spec,
    // NetworkPolicyStatus is gone from current releases; exported manifests still carry `status: {}`.
    status: { kind: 'any' },
  },
};
