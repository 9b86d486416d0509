// Whether the egress-isolated workloads of one namespace may reach the
// cluster DNS, asked of the connectivity engine (the answer `netpol explain`
// gives). Egress of a pod depends only on the egress policies of its namespace, so
// a small engine over that namespace's policies and workloads plus the DNS
// workloads answers exactly; its classes mean one question per class of
// pods, not per workload. Kept per namespace until its policies, its pod
// labels, the DNS pods or the namespaces change.
import type { ClusterDns } from '../cluster/types';
import { clusterDnsOf, dnsWorkloadsOf } from '../cluster/queries';
import { engineWorkloadOf } from '../index/engineInput';
import type { LabelTable } from '../index/labelTable';
import type { IndexedPolicy } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { compileEngine, contains, effectivePolicyTypes, directionPorts, Endpoint, EMPTY_PORTS, parseAddress, PortSet, union, workloadEndpoint } from '../policy/engine';
import type { EngineWorkload } from '../policy/engine';

/** Workloads named in a message: the first few by name, and how many there are. */
export interface NamedWorkloads {
  count: number;
  /** Sorted, at most `MAX_NAMED`. */
  names: string[];
}

/** Per isolating policy (by IndexedPolicy id): the workloads it isolates that lack DNS. */
export interface PolicyDnsGaps {
  /** No UDP to the DNS port. */
  udp: NamedWorkloads;
  /** UDP allowed, TCP not. */
  tcpOnly: NamedWorkloads;
}

const MAX_NAMED = 3;

/** The DNS ports policies see (after DNAT): UDP and TCP. */
export function dnsPorts(dns: ClusterDns): { udp: number; tcp: number } {
  const of = (protocol: string) => dns.ports.find((p) => (p.protocol ?? 'TCP') === protocol && /dns/.test(p.name ?? 'dns'))?.port ?? dns.ports.find((p) => (p.protocol ?? 'TCP') === protocol)?.port ?? 53;
  return { udp: of('UDP'), tcp: of('TCP') };
}

interface Entry {
  policies: IndexedPolicy[];
  tables: { table: LabelTable<unknown>; stamp: number }[];
  namespaces: string;
  dns: unknown;
  gaps: Map<string, PolicyDnsGaps>;
  /** The index version when last found valid: the same version means valid without looking. */
  checkedAt: number;
}

const cache = new WeakMap<WorkspaceIndex, Map<string, Entry>>();

/** Forgets the index's DNS answers (benchmarks and ratio tests measure cold work). */
export function clearDnsGaps(index: WorkspaceIndex): void {
  cache.delete(index);
}

/** The DNS gaps of the namespace's isolating policies; empty when the cluster has no DNS model. */
export function dnsGapsIn(index: WorkspaceIndex, namespace: string): Map<string, PolicyDnsGaps> {
  const dns = clusterDnsOf(index);
  if (!dns) return new Map();
  let entries = cache.get(index);
  if (!entries) cache.set(index, (entries = new Map()));
  const hit = entries.get(namespace);
  // Asked once per policy of the namespace: checking the entry by content each time would cost policies x policies.
  if (hit && hit.checkedAt === index.version && hit.dns === dns) return hit.gaps;
  // Only policies that govern egress can block DNS: ingress-only ones neither count nor invalidate the cache.
  const policies = [...index.policiesIn(namespace).values()].filter((p) => effectivePolicyTypes({ policy: p.policy, namespace: p.namespace }).Egress);
  const tables = [namespace, dns.namespace].map((ns) => index.podLabels(ns) as LabelTable<unknown>);
  // The labels of the two namespaces involved, by content: the namespace list is rebuilt whenever any namespace changes.
  const namespaceKey = JSON.stringify([namespace, dns.namespace].map((n) => [...(index.namespace(n)?.labels ?? [])].sort()));
  if (
    hit &&
    hit.dns === dns &&
    hit.namespaces === namespaceKey &&
    hit.policies.length === policies.length &&
    hit.policies.every((p, i) => p === policies[i]) &&
    hit.tables.every((t, i) => t.table === tables[i] && t.stamp === tables[i].stamp)
  ) {
    hit.checkedAt = index.version;
    return hit.gaps;
  }
  const gaps = compute(index, namespace, dns, policies);
  entries.set(namespace, { policies, tables: tables.map((table) => ({ table, stamp: table.stamp })), namespaces: namespaceKey, dns, gaps, checkedAt: index.version });
  return gaps;
}

function compute(index: WorkspaceIndex, namespace: string, dns: ClusterDns, policies: IndexedPolicy[]): Map<string, PolicyDnsGaps> {
  const gaps = new Map<string, PolicyDnsGaps>();
  if (policies.length === 0 || index.workloadCountIn(namespace) === 0) return gaps;
  const dnsWorkloads = dnsWorkloadsOf(index);
  const workloads: EngineWorkload[] = [...index.workloadsIn(namespace).values()].map(engineWorkloadOf);
  const own = new Set(workloads.map((w) => w.id));
  const dnsEngineWorkloads = dnsWorkloads.map(engineWorkloadOf);
  for (const w of dnsEngineWorkloads) if (!own.has(w.id)) workloads.push(w);
  const nsInfo = (name: string) => index.namespace(name) ?? { name, labels: new Map([['kubernetes.io/metadata.name', name]]) };
  const engine = compileEngine({
    namespaces: [...new Set([namespace, dns.namespace])].map((n) => ({ name: n, labels: nsInfo(n).labels })),
    workloads,
    policies: policies.map((p) => ({ policy: p.policy, namespace: p.namespace, uri: p.uri })),
  });
  const destinations: Endpoint[] = dnsEngineWorkloads.map((w) => workloadEndpoint(engine, w));
  const ip = dns.ip && parseAddress(dns.ip);
  if (ip) destinations.push({ kind: 'ip', address: ip, label: dns.ip! });
  if (destinations.length === 0) return gaps;
  const ports = dnsPorts(dns);
  const dnsIds = new Set(dnsWorkloads.map((w) => w.id));
  // A pod's egress depends only on the egress policies selecting it: classes (label sets) with the same policies get one answer.
  const bySelection = new Map<string, { udp: boolean; tcp: boolean }>();
  for (const cls of engine.classes) {
    if (cls.namespace !== namespace || cls.selection.Egress.policies.length === 0) continue;
    const members = cls.workloads.filter((w) => !dnsIds.has(w.id));
    if (members.length === 0) continue;
    const key = cls.selection.Egress.policies.map((p) => p.index).join(',');
    let verdict = bySelection.get(key);
    if (!verdict) {
      const source = workloadEndpoint(engine, members[0]);
      let allowed: PortSet = EMPTY_PORTS;
      for (const d of destinations) allowed = union(allowed, directionPorts('Egress', source, d));
      bySelection.set(key, (verdict = { udp: contains(allowed, 'UDP', ports.udp), tcp: contains(allowed, 'TCP', ports.tcp) }));
    }
    const { udp, tcp } = verdict;
    if (udp && tcp) continue;
    for (const p of cls.selection.Egress.policies) {
      const id = policies[p.index].id;
      let g = gaps.get(id);
      if (!g) gaps.set(id, (g = { udp: { count: 0, names: [] }, tcpOnly: { count: 0, names: [] } }));
      addNames(udp ? g.tcpOnly : g.udp, members);
    }
  }
  return gaps;
}

function addNames(into: NamedWorkloads, members: readonly EngineWorkload[]): void {
  into.count += members.length;
  // Only the first few names by order are kept: bounded whatever the class size.
  const names = members.map((w) => w.name || '(unnamed)').sort();
  into.names = [...into.names, ...names.slice(0, MAX_NAMED)].sort().slice(0, MAX_NAMED);
}

/** `api`, `api and web`, `api and 3 more`. */
export function describeWorkloads(w: NamedWorkloads): string {
  if (w.count === 1) return w.names[0];
  if (w.count === 2 && w.names.length === 2) return `${w.names[0]} and ${w.names[1]}`;
  return `${w.names[0]} and ${w.count - 1} more`;
}

/** `kube-system/k8s-app=kube-dns` (or `... or 169.254.20.10` for NodeLocal DNSCache). */
export function describeDns(dns: ClusterDns): string {
  const labels = Object.entries(dns.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${dns.namespace}/${labels || '*'}${dns.ip ? ` or ${dns.ip}` : ''}`;
}
