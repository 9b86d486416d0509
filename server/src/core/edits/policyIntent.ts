// What the policy-shaped quick fixes (the lints' fixes) promise, checked on
// the re-parsed text: the policy means, for enforcement, exactly what it
// meant plus the one change the fix names (a namespace set, a
// namespaceSelector added, two peers merged, an egress rule appended), and
// nothing else. Meaning = name, namespace, selectors as requirements, policy
// types, and every rule's peers and ports.
import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule } from '../model/types';
import { compileSelector, Requirement } from '../policy/labelSelector';

/** A label map as a plain record (`{app: web}`). */
export type PlainLabels = Record<string, string>;

/** A rule as the fix writes it. */
export interface PlainRule {
  to: { namespaceLabels?: PlainLabels; podLabels?: PlainLabels; cidr?: string }[];
  ports: { protocol: string; port: number }[];
}

export type PolicyIntent =
  | { kind: 'setNamespace'; namespace: string }
  | { kind: 'addNamespaceSelector'; peerPath: string; namespace: string }
  /** The peers at the two paths (one list, next to each other) become one peer with both selectors. */
  | { kind: 'mergePeers'; peerPaths: [string, string] }
  | { kind: 'addEgressRule'; rule: PlainRule };

type Sel = string[] | null | 'invalid';

interface PeerMeaning {
  pod: Sel;
  ns: Sel;
  ip: unknown;
}

interface RuleMeaning {
  path: string;
  peers: (PeerMeaning & { path: string })[];
  ports: unknown[];
}

interface Meaning {
  name: string | null;
  namespace: string | null;
  podSelector: Sel;
  types: string[];
  ingress: RuleMeaning[];
  egress: RuleMeaning[];
}

function canon(r: Requirement): string {
  return JSON.stringify([r.key, r.op, 'values' in r ? [...r.values].sort() : []]);
}

function sel(s: LabelSelector | undefined): Sel {
  if (!s) return null;
  const c = compileSelector(s);
  return c === null ? 'invalid' : c.map(canon).sort();
}

function labelsSel(labels: PlainLabels): Sel {
  return Object.entries(labels)
    .map(([key, value]) => canon({ key, op: 'In', values: new Set([value]) }))
    .sort();
}

function peer(p: NetworkPolicyPeer): PeerMeaning & { path: string } {
  return { path: p.path, pod: sel(p.podSelector), ns: sel(p.namespaceSelector), ip: p.ipBlock ? [p.ipBlock.cidr?.value, (p.ipBlock.except?.items ?? []).map((e) => e.value)] : null };
}

function rule(r: NetworkPolicyRule): RuleMeaning {
  return {
    path: r.path,
    peers: (r.peers?.items ?? []).map(peer),
    ports: (r.ports?.items ?? []).map((p) => [p.protocol?.value ?? 'TCP', p.port?.value ?? null, p.endPort?.value ?? null]),
  };
}

function meaning(np: NetworkPolicy): Meaning {
  return {
    name: np.metadata.name?.value ?? null,
    namespace: np.metadata.namespace?.value ?? null,
    podSelector: np.podSelector?.omitted ? null : sel(np.podSelector),
    types: (np.policyTypes?.items ?? []).map((t) => t.value),
    ingress: (np.ingress?.items ?? []).map(rule),
    egress: (np.egress?.items ?? []).map(rule),
  };
}

/** Paths are kept to find the edited parts; the comparison ignores them (a merge renumbers peers). */
function withoutPaths(m: Meaning): string {
  const strip = (rs: RuleMeaning[]) => rs.map((r) => ({ peers: r.peers.map(({ pod, ns, ip }) => ({ pod, ns, ip })), ports: r.ports }));
  return JSON.stringify({ ...m, ingress: strip(m.ingress), egress: strip(m.egress) });
}

function findPeer(m: Meaning, path: string): { list: (PeerMeaning & { path: string })[]; at: number } | undefined {
  for (const r of [...m.ingress, ...m.egress]) {
    const at = r.peers.findIndex((p) => p.path === path);
    if (at >= 0) return { list: r.peers, at };
  }
  return undefined;
}

/** What the policy should mean after the fix; undefined when the intent does not fit the policy. */
function expected(before: Meaning, intent: PolicyIntent): Meaning | undefined {
  const m: Meaning = JSON.parse(JSON.stringify(before));
  switch (intent.kind) {
    case 'setNamespace':
      m.namespace = intent.namespace;
      return m;
    case 'addNamespaceSelector': {
      const found = findPeer(m, intent.peerPath);
      if (!found || found.list[found.at].ns !== null) return undefined;
      found.list[found.at].ns = labelsSel({ 'kubernetes.io/metadata.name': intent.namespace });
      return m;
    }
    case 'mergePeers': {
      const a = findPeer(m, intent.peerPaths[0]);
      const b = findPeer(m, intent.peerPaths[1]);
      if (!a || !b || a.list !== b.list || Math.abs(a.at - b.at) !== 1) return undefined;
      const [first, second] = a.at < b.at ? [a.at, b.at] : [b.at, a.at];
      const x = a.list[first];
      const y = a.list[second];
      if (x.ip !== null || y.ip !== null || (x.pod !== null && y.pod !== null) || (x.ns !== null && y.ns !== null)) return undefined;
      a.list[first] = { path: x.path, pod: x.pod ?? y.pod, ns: x.ns ?? y.ns, ip: null };
      a.list.splice(second, 1);
      return m;
    }
    case 'addEgressRule':
      m.egress.push({
        path: '',
        peers: intent.rule.to.map((t) => ({
          path: '',
          pod: t.podLabels ? labelsSel(t.podLabels) : null,
          ns: t.namespaceLabels ? labelsSel(t.namespaceLabels) : null,
          ip: t.cidr !== undefined ? [t.cidr, []] : null,
        })),
        ports: intent.rule.ports.map((p) => [p.protocol, p.port, null]),
      });
      return m;
  }
}

/** Why the edited policy is not what the intent says, or undefined. */
export function checkPolicyIntent(before: NetworkPolicy, after: NetworkPolicy, intent: PolicyIntent): string | undefined {
  const want = expected(meaning(before), intent);
  if (!want) return `the ${intent.kind} fix does not fit the policy as it is`;
  const got = withoutPaths(meaning(after));
  return got === withoutPaths(want) ? undefined : `the edited policy means ${got}, not ${withoutPaths(want)}`;
}
