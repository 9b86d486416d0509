// netpol/dns-egress-blocked: a workload is egress-isolated and the union of
// the egress rules of every policy selecting it allows no UDP 53 (warning)
// or only UDP and no TCP 53 (information) to the cluster DNS. Every name
// lookup then times out (or large answers fail). The engine's answer,
// worked out per policy and per workload from the label tables
// (dnsReachability.ts); reported once per isolating policy, on its
// `policyTypes` key (else its `egress` key).
import type { ClusterDns } from '../cluster/types';
import { clusterDnsOf } from '../cluster/queries';
import { finding, Finding, OffsetRange } from '../findings';
import type { IndexedPolicy } from '../index/types';
import type { NetworkPolicyPort } from '../model/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { IndexCheck } from './check';
import { describeDns, describeWorkloads, dnsGapsIn, dnsPorts, NamedWorkloads } from './dnsReachability';
import { keyRangeBefore } from './keyRange';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/dns-egress-blocked';

/** `Finding.data`: what the "add the DNS egress rule" fix needs. */
export interface DnsFindingData {
  policy: { uri: string; name: string; namespace: string };
  /** The missing protocol: `UDP` (both missing, or UDP alone) or `TCP` (UDP allowed). */
  missing: 'UDP' | 'TCP';
  dns: { namespace: string; labels: Record<string, string>; udp: number; tcp: number; ip?: string };
}

export const dnsEgressBlocked: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: 'warning',
  doc:
    'An egress-isolated workload may not reach the cluster DNS pods on UDP 53 (warning) or TCP 53 (information). ' +
    'No egress rule of the policies selecting it allows it: every name lookup times out (without TCP, answers too large for UDP fail). ' +
    'A rule with ports and no `to`, a `namespaceSelector: {}` peer or an empty rule `- {}` counts as allowing. ' +
    'Reported once per isolating policy, naming the workloads; the quick fix adds the DNS egress rule. ' +
    'The DNS pods come from the cluster model (`cluster.dns` in .netpol.yaml; `none` switches the rule off).',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const dns = clusterDnsOf(index);
    if (!dns) return [];
    const text = index.getFile(uri)?.text ?? '';
    const out: Finding[] = [];
    const byNamespace = new Map<string, ReturnType<typeof dnsGapsIn>>();
    for (const p of policiesOfFile(index, uri)) {
      let gaps = byNamespace.get(p.namespace);
      if (!gaps) byNamespace.set(p.namespace, (gaps = dnsGapsIn(index, p.namespace)));
      const g = gaps.get(p.id);
      if (!g) continue;
      const range = isolationRange(text, p);
      if (g.udp.count > 0) out.push(finding(CHECK_ID, 'warning', udpMessage(p, g.udp, dns), range, data(p, 'UDP', dns)));
      else if (g.tcpOnly.count > 0) out.push(finding(CHECK_ID, 'information', tcpMessage(p, g.tcpOnly, dns), range, data(p, 'TCP', dns)));
    }
    return out;
  },
};

function isolated(w: NamedWorkloads): string {
  return `${describeWorkloads(w)} ${w.count === 1 ? 'is' : 'are'} egress-isolated`;
}

function udpMessage(p: IndexedPolicy, w: NamedWorkloads, dns: ClusterDns): string {
  const { udp } = dnsPorts(dns);
  return `${isolated(w)} by ${p.name} but no egress rule allows DNS (UDP ${udp}) to ${describeDns(dns)}: every name lookup will time out; add an egress rule to the DNS pods on UDP and TCP ${udp}${openShiftHint(p, udp)}`;
}

/** OpenShift's DNS pods serve UDP 5353 (behind the Service's DNAT): a policy allowing it was likely written for OpenShift, modelled here as another cluster. */
const OPENSHIFT_DNS_PORT = 5353;

function openShiftHint(p: IndexedPolicy, udp: number): string {
  if (udp === OPENSHIFT_DNS_PORT) return '';
  const allows = (p.policy.egress?.items ?? []).some((rule) => (rule.ports?.items ?? []).some((port) => isUdpPort(port, OPENSHIFT_DNS_PORT)));
  return allows ? `; its UDP ${OPENSHIFT_DNS_PORT} rule is the OpenShift DNS port: on OpenShift, set \`cluster.dns: openshift\` in .netpol.yaml` : '';
}

function isUdpPort(port: NetworkPolicyPort, n: number): boolean {
  if ((port.protocol?.value ?? 'TCP') !== 'UDP' || typeof port.port?.value !== 'number') return false;
  const start = port.port.value;
  return start === n || (port.endPort !== undefined && start <= n && n <= port.endPort.value);
}

function tcpMessage(p: IndexedPolicy, w: NamedWorkloads, dns: ClusterDns): string {
  const { udp, tcp } = dnsPorts(dns);
  return `${isolated(w)} by ${p.name} and may reach DNS over UDP ${udp} but not TCP ${tcp} (${describeDns(dns)}): answers too large for UDP will fail; allow TCP ${tcp} too`;
}

function data(p: IndexedPolicy, missing: 'UDP' | 'TCP', dns: ClusterDns): DnsFindingData {
  const { udp, tcp } = dnsPorts(dns);
  return { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, missing, dns: { namespace: dns.namespace, labels: { ...dns.labels }, udp, tcp, ...(dns.ip ? { ip: dns.ip } : {}) } };
}

/** The `policyTypes` key when written (it names Egress), else the `egress` key, else the kind. */
function isolationRange(text: string, p: IndexedPolicy): OffsetRange {
  const np = p.policy;
  if (np.policyTypes && np.policyTypes.items.length > 0) return keyRangeBefore(text, np.policyTypes.range.start, 'policyTypes') ?? np.policyTypes.range;
  if (np.egress) return keyRangeBefore(text, np.egress.range.start, 'egress') ?? np.egress.range;
  return np.kindRange;
}
