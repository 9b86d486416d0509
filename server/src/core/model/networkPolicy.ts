// Reads a NetworkPolicy's spec into the typed model, field by field.
import { Node, YAMLMap } from 'yaml';
import type { OffsetRange } from '../findings';
import { Entry, isMap, isScalar, isSeq, WalkContext } from './node';
import { fieldsOf, intOrString, int, labelMap, listOf, stringList, str, Fields } from './fields';
import type { Direction, IPBlock, LabelSelector, LabelSelectorRequirement, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, ObjectBase } from './types';

export function readNetworkPolicy(base: ObjectBase, fields: Fields, ctx: WalkContext): NetworkPolicy {
  const policy: NetworkPolicy = { ...base, kind: 'NetworkPolicy' };
  const specEntry = fields.get('spec');
  // No spec (or `spec:` null) decodes as the empty spec: podSelector {} and Ingress, a default deny.
  if (!specEntry || isNullNode(specEntry.value)) {
    policy.podSelector = omittedSelector(specEntry?.keyRange ?? base.kindRange);
    return policy;
  }
  if (!isMap(specEntry.value)) return policy;
  policy.spec = { range: specEntry.valueRange, keyRange: specEntry.keyRange };
  const spec = fieldsOf(specEntry.value, ctx);
  const podSelector = spec.get('podSelector');
  if (!podSelector) policy.podSelector = omittedSelector(specEntry.keyRange);
  else {
    policy.podSelector = readSelector(podSelector, 'spec.podSelector', ctx);
    if (policy.podSelector && isNullNode(podSelector.value)) policy.podSelector.omitted = 'null';
  }
  policy.policyTypes = stringList(spec.get('policyTypes'), 'spec.policyTypes', ctx);
  policy.ingress = listOf(spec.get('ingress'), 'spec.ingress', ctx, (m, r, p) => readRule('Ingress', m, r, p, ctx));
  policy.egress = listOf(spec.get('egress'), 'spec.egress', ctx, (m, r, p) => readRule('Egress', m, r, p, ctx));
  const keys: NonNullable<NetworkPolicy['specKeys']> = {};
  for (const k of ['policyTypes', 'ingress', 'egress'] as const) {
    const e = spec.get(k);
    if (e) keys[k] = e.keyRange;
  }
  if (keys.policyTypes || keys.ingress || keys.egress) policy.specKeys = keys;
  const ingressEmpty = isEmptySeq(spec.get('ingress'));
  const egressEmpty = isEmptySeq(spec.get('egress'));
  if (ingressEmpty || egressEmpty) policy.writtenEmpty = { ...(ingressEmpty ? { Ingress: true } : {}), ...(egressEmpty ? { Egress: true } : {}) };
  return policy;
}

/** The `{}` the API server stores for an absent spec.podSelector, anchored at `at` (the `spec` key, or `kind`). */
function omittedSelector(at: OffsetRange): LabelSelector {
  return { range: at, keyRange: at, path: 'spec.podSelector', omitted: 'absent' };
}

function isEmptySeq(e: Entry | undefined): boolean {
  return !!e && isSeq(e.value) && e.value.items.length === 0;
}

function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/**
 * `nullMeans`: the spec's podSelector is a Go struct, so `podSelector:` with
 * nothing decodes as the empty selector (all pods); a peer's selectors are
 * pointers, so null there means the field is absent.
 */
export function readSelector(e: Entry | undefined, path: string, ctx: WalkContext, nullMeans: 'empty' | 'absent' = 'empty'): LabelSelector | undefined {
  if (!e) return undefined;
  const map = isMap(e.value) ? e.value : undefined;
  const isNull = isNullNode(e.value);
  if (!map && (!isNull || nullMeans === 'absent')) return undefined;
  const sel: LabelSelector = { range: e.valueRange, path, keyRange: e.keyRange };
  if (!map) return sel;
  const f = fieldsOf(map, ctx);
  sel.matchLabels = labelMap(f.get('matchLabels'), `${path}.matchLabels`, ctx);
  sel.matchExpressions = listOf(f.get('matchExpressions'), `${path}.matchExpressions`, ctx, (m, r, p) => readRequirement(m, r, p, ctx));
  return sel;
}

function readRequirement(map: YAMLMap, range: OffsetRange, path: string, ctx: WalkContext): LabelSelectorRequirement {
  const f = fieldsOf(map, ctx);
  return {
    range,
    path,
    key: str(f.get('key'), `${path}.key`),
    operator: str(f.get('operator'), `${path}.operator`),
    values: stringList(f.get('values'), `${path}.values`, ctx),
  };
}

function readRule(direction: Direction, map: YAMLMap, range: OffsetRange, path: string, ctx: WalkContext): NetworkPolicyRule {
  const f = fieldsOf(map, ctx);
  const peerField = direction === 'Ingress' ? 'from' : 'to';
  return {
    direction,
    range,
    path,
    ports: listOf(f.get('ports'), `${path}.ports`, ctx, (m, r, p) => readPort(m, r, p, ctx)),
    peers: listOf(f.get(peerField), `${path}.${peerField}`, ctx, (m, r, p) => readPeer(m, r, p, ctx)),
  };
}

function readPort(map: YAMLMap, range: OffsetRange, path: string, ctx: WalkContext): NetworkPolicyPort {
  const f = fieldsOf(map, ctx);
  return {
    range,
    path,
    protocol: str(f.get('protocol'), `${path}.protocol`),
    port: intOrString(f.get('port'), `${path}.port`),
    endPort: int(f.get('endPort'), `${path}.endPort`),
  };
}

function readPeer(map: YAMLMap, range: OffsetRange, path: string, ctx: WalkContext): NetworkPolicyPeer {
  const f = fieldsOf(map, ctx);
  return {
    range,
    path,
    podSelector: readSelector(f.get('podSelector'), `${path}.podSelector`, ctx, 'absent'),
    namespaceSelector: readSelector(f.get('namespaceSelector'), `${path}.namespaceSelector`, ctx, 'absent'),
    ipBlock: readIpBlock(f.get('ipBlock'), `${path}.ipBlock`, ctx),
  };
}

function readIpBlock(e: Entry | undefined, path: string, ctx: WalkContext): IPBlock | undefined {
  if (!e || !isMap(e.value)) return undefined;
  const f = fieldsOf(e.value, ctx);
  return { range: e.valueRange, path, cidr: str(f.get('cidr'), `${path}.cidr`), except: stringList(f.get('except'), `${path}.except`, ctx) };
}
