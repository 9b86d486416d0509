// Whether the egress-isolated workloads of one namespace may reach the
// cluster DNS, as the connectivity engine answers it (the answer `netpol
// explain` gives). Egress of a pod depends only on the egress policies of
// its namespace that select it, and their union allows the DNS when one of
// them does (dnsPolicyAllows.ts): each policy is asked once, and each
// workload needs only which policies select it (found through the label
// tables), so no engine over the namespace's workloads is built. Kept per
// namespace until its policies, its pod labels, the DNS pods or the
// namespaces change.
import type { ClusterDns } from '../cluster/types';
import { clusterDnsOf, dnsWorkloadsOf } from '../cluster/queries';
import type { LabelTable } from '../index/labelTable';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectivePolicyTypes } from '../policy/engine';
import { compileSelector, Requirement } from '../policy/labelSelector';
import { matching } from './anyWorkloadMatches';
import { dnsAllowsOfPolicies } from './dnsPolicyAllows';
import { selectorSignature } from './verdictCache';

export { dnsPorts } from './dnsPolicyAllows';

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
  const allows = dnsAllowsOfPolicies(index, namespace, dns, dnsWorkloads, policies);
  if (!allows) return gaps;
  const dnsIds = new Set(dnsWorkloads.map((w) => w.id));
  for (const [w, selecting] of egressSelection(index, namespace, policies)) {
    if (dnsIds.has(w.id)) continue;
    const udp = selecting.some((i) => allows[i].udp);
    const tcp = selecting.some((i) => allows[i].tcp);
    if (udp && tcp) continue;
    for (const i of selecting) {
      const id = policies[i].id;
      let g = gaps.get(id);
      if (!g) gaps.set(id, (g = { udp: { count: 0, names: [] }, tcpOnly: { count: 0, names: [] } }));
      addName(udp ? g.tcpOnly : g.udp, w.name || '(unnamed)');
    }
  }
  return gaps;
}

/**
 * Per workload of the namespace: the positions in `policies` of those whose
 * podSelector selects it. Policies sharing a selector (many select one app)
 * share one lookup, through the label tables: the work grows with the
 * matches, not policies x workloads.
 */
function egressSelection(index: WorkspaceIndex, namespace: string, policies: readonly IndexedPolicy[]): Map<IndexedWorkload, number[]> {
  const bySelector = new Map<string, { reqs: Requirement[]; positions: number[] }>();
  policies.forEach((p, i) => {
    // A missing podSelector decodes as the empty one (every pod); an invalid one selects nothing.
    const reqs = compileSelector(p.policy.podSelector);
    if (reqs === null) return;
    const key = selectorSignature(reqs);
    const group = bySelector.get(key);
    if (group) group.positions.push(i);
    else bySelector.set(key, { reqs, positions: [i] });
  });
  const selection = new Map<IndexedWorkload, number[]>();
  for (const { reqs, positions } of bySelector.values()) {
    for (const w of matching(index, [namespace], reqs)) {
      const list = selection.get(w);
      if (list) list.push(...positions);
      else selection.set(w, [...positions]);
    }
  }
  return selection;
}

/** Counts one workload; keeps the first few names in sorted order (duplicates too), bounded whatever the count. */
function addName(into: NamedWorkloads, name: string): void {
  into.count++;
  const names = into.names;
  if (names.length === MAX_NAMED && !(name < names[MAX_NAMED - 1])) return;
  let i = names.length;
  while (i > 0 && name < names[i - 1]) i--;
  names.splice(i, 0, name);
  if (names.length > MAX_NAMED) names.pop();
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
