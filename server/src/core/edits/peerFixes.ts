// The quick fixes of the lints that edit the policy itself: add the DNS
// egress rule, add a namespaceSelector for the namespace where a peer's pods
// live, set metadata.namespace, merge two OR peers into one AND peer. Given
// the data of a finding of the current index (currentFinding.ts); each fix
// says what it means (a `policy` intent) for verifyFix.ts.
import type { DnsFindingData } from '../checks/dnsEgressBlocked';
import type { PeerNamespaceFindingData } from '../checks/peerSelectorWrongNamespace';
import type { OrPeersFindingData } from '../checks/peersOrNotAnd';
import type { PolicyNamespaceFindingData } from '../checks/policySelectsOtherNamespace';
import type { IndexedPolicy } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { addEgressRuleEdit, addNamespaceSelectorEdit, mergePeersEdit, setNamespaceEdit } from './peerEdits';
import type { PlainRule, PolicyIntent } from './policyIntent';
import { objectAt, QuickFix } from './selectorFixes';
import type { TextEdit } from './text';

/** Rules whose fixes are here. */
export const PEER_FIX_RULES: readonly string[] = ['netpol/dns-egress-blocked', 'netpol/peer-selector-wrong-namespace', 'netpol/policy-selects-other-namespace', 'netpol/peers-or-not-and'];

type PolicyRef = { uri: string; name: string; namespace: string };

function policyOf(index: WorkspaceIndex, ref: PolicyRef): IndexedPolicy | undefined {
  const matches = (index.getFile(ref.uri)?.policies ?? []).filter((p) => p.name === ref.name && p.namespace === ref.namespace);
  // Two policies of one name in one file: which one is meant is not clear.
  return matches.length === 1 ? matches[0] : undefined;
}

function fix(index: WorkspaceIndex, p: IndexedPolicy, title: string, edit: (TextEdit & { joinsItems?: boolean }) | undefined, change: PolicyIntent, isPreferred = false): QuickFix | undefined {
  const text = index.getFile(p.uri)?.text;
  if (!edit || text === undefined) return undefined;
  return {
    title,
    uri: p.uri,
    edits: [{ ...edit, replaces: text.slice(edit.range.start, edit.range.end) }],
    intent: { kind: 'policy', object: objectAt(p.policy, p.name), change },
    isPreferred,
  };
}

/** The DNS egress rule the cluster model asks for: the DNS pods (and NodeLocal's address) on UDP and TCP. */
export function dnsRule(dns: DnsFindingData['dns']): PlainRule {
  const pods = Object.keys(dns.labels).length > 0 ? { podLabels: dns.labels } : {};
  const to: PlainRule['to'] = [{ namespaceLabels: { 'kubernetes.io/metadata.name': dns.namespace }, ...pods }];
  if (dns.ip) to.push({ cidr: `${dns.ip}/32` });
  return { to, ports: [{ protocol: 'UDP', port: dns.udp }, { protocol: 'TCP', port: dns.tcp }] };
}

export function peerQuickFixes(index: WorkspaceIndex, ruleId: string, data: unknown): QuickFix[] {
  const d = data as { policy?: PolicyRef };
  const p = d.policy && policyOf(index, d.policy);
  if (!p) return [];
  const text = index.getFile(p.uri)!.text;
  const out: (QuickFix | undefined)[] = [];
  switch (ruleId) {
    case 'netpol/dns-egress-blocked': {
      const rule = dnsRule((data as DnsFindingData).dns);
      out.push(fix(index, p, 'Add the DNS egress rule (UDP and TCP)', addEgressRuleEdit(text, p.policy, rule), { kind: 'addEgressRule', rule }, true));
      break;
    }
    case 'netpol/peer-selector-wrong-namespace': {
      const { peerPath, namespaces } = data as PeerNamespaceFindingData;
      for (const ns of namespaces.slice(0, 3)) {
        out.push(fix(index, p, `Add namespaceSelector for namespace ${ns}`, addNamespaceSelectorEdit(text, p.policy, peerPath, ns), { kind: 'addNamespaceSelector', peerPath, namespace: ns }, namespaces.length === 1));
      }
      break;
    }
    case 'netpol/policy-selects-other-namespace': {
      // A namespace with a policy of this name already: applying the moved one would replace that one.
      const namespaces = (data as PolicyNamespaceFindingData).namespaces.filter((ns) => ![...index.policiesIn(ns).values()].some((o) => o.name === p.name));
      for (const ns of namespaces.slice(0, 3)) {
        out.push(fix(index, p, `Set metadata.namespace to ${ns}`, setNamespaceEdit(text, p.policy, ns), { kind: 'setNamespace', namespace: ns }, namespaces.length === 1));
      }
      break;
    }
    case 'netpol/peers-or-not-and': {
      const { namespacePeerPath, podPeerPath } = data as OrPeersFindingData;
      out.push(fix(index, p, 'Merge into one peer (namespaceSelector AND podSelector)', mergePeersEdit(text, p.policy, namespacePeerPath, podPeerPath), { kind: 'mergePeers', peerPaths: [namespacePeerPath, podPeerPath] }, true));
      break;
    }
  }
  return out.filter((f): f is QuickFix => f !== undefined);
}
