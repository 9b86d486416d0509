// Whether the egress-isolated workloads of one namespace may reach the
// cluster DNS, as the connectivity engine answers it (the answer `netpol
// explain` gives). Egress of a pod depends only on the egress policies of
// its namespace that select it, and their union allows the DNS when one of
// them does (dnsPolicyAllows.ts): each policy is asked once, and each
// workload needs only which policies select it (found through the label
// tables), so no engine over the namespace's workloads is built. Kept per
// namespace until its policies, its pod labels, the DNS pods or the
// namespaces change; when only some policies changed (a keystroke in one),
// the others' answers and each selector's workloads are reused, so the
// edit costs its own policy, not the namespace's; when pod labels changed,
// only the selectors the changed workloads match (before or after) are
// looked up again, and only their policies' gaps are patched (the
// workloads that entered or left them), not the namespace's walked again.
import type { ClusterDns } from '../cluster/types';
import { clusterDnsOf, dnsWorkloadsOf } from '../cluster/queries';
import type { LabelTable } from '../index/labelTable';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectivePolicyTypes } from '../policy/engine';
import { compileSelector, matches, Requirement } from '../policy/labelSelector';
import { matching } from './anyWorkloadMatches';
import { DnsAllows, dnsAllowsOfPolicies } from './dnsPolicyAllows';
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
  /** What a recomputation may reuse while `tables` hold (see `Parts`). */
  parts: Parts;
}

/**
 * Pieces of a namespace's answer that outlive a change to some of its
 * policies: each policy's DNS answer (valid while the DNS namespace's pod
 * labels, the DNS model and the two namespaces' labels are the same; a
 * policy is a new object whenever its file changes) and each selector's
 * workloads (valid while the namespace's pod labels are).
 */
interface Parts {
  allows: Map<IndexedPolicy, DnsAllows>;
  /** By selector signature. */
  selections: Map<string, Selection>;
  /** Per policy position: the workloads of its gaps (what `patched` updates after label changes). */
  members: GapMembers[];
}

interface GapMembers {
  udp: IndexedWorkload[];
  tcpOnly: IndexedWorkload[];
}

interface Selection {
  reqs: Requirement[];
  selected: IndexedWorkload[];
}

/**
 * The selections of an entry that the namespace's pod label changes since
 * leave as they were: those whose requirements match none of the changed
 * workloads' labels (before or after). A label edit in one workload then
 * looks up again only the selectors it may enter or leave.
 */
function selectionsKept(hit: Entry, table: LabelTable<unknown>): Map<string, Selection> {
  const was = hit.tables[0];
  if (was.table !== table) return new Map();
  if (was.stamp === table.stamp) return hit.parts.selections;
  const changed = table.changedSince(was.stamp);
  if (!changed) return new Map();
  const kept = new Map<string, Selection>();
  for (const [key, s] of hit.parts.selections) if (!changed.some((labels) => matches(s.reqs, labels))) kept.set(key, s);
  return kept;
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
  const sameContext = hit !== undefined && hit.dns === dns && hit.namespaces === namespaceKey;
  const samePolicies = hit !== undefined && hit.policies.length === policies.length && hit.policies.every((p, i) => p === policies[i]);
  const unchanged = (i: number) => sameContext && hit.tables[i].table === tables[i] && hit.tables[i].stamp === tables[i].stamp;
  if (samePolicies && unchanged(0) && unchanged(1)) {
    hit!.checkedAt = index.version;
    return hit!.gaps;
  }
  const kept = sameContext ? selectionsKept(hit!, tables[0]) : new Map<string, Selection>();
  // Only pod labels of the namespace changed (kept is empty when the table was made anew or its changes are unknown): the gaps of the policies whose selectors the changes touch are patched.
  const patchable = samePolicies && unchanged(1) && kept.size > 0;
  const previous: Parts = { allows: unchanged(1) ? hit!.parts.allows : new Map(), selections: kept, members: [] };
  const { gaps, parts } = (patchable && patched(index, namespace, policies, hit!, kept)) || compute(index, namespace, dns, policies, previous);
  entries.set(namespace, { policies, tables: tables.map((table) => ({ table, stamp: table.stamp })), namespaces: namespaceKey, dns, gaps, checkedAt: index.version, parts });
  return gaps;
}

/**
 * The namespace's gaps, and the parts the next recomputation may reuse: only
 * the current policies' answers and the current selectors' workloads, so
 * replaced ones (a selector being typed) do not pile up.
 */
function compute(index: WorkspaceIndex, namespace: string, dns: ClusterDns, policies: IndexedPolicy[], previous: Parts): { gaps: Map<string, PolicyDnsGaps>; parts: Parts } {
  const gaps = new Map<string, PolicyDnsGaps>();
  const parts: Parts = { allows: new Map(), selections: new Map(), members: policies.map(() => ({ udp: [], tcpOnly: [] })) };
  if (policies.length === 0 || index.workloadCountIn(namespace) === 0) return { gaps, parts };
  const dnsWorkloads = dnsWorkloadsOf(index);
  const allows = allowsOf(index, namespace, dns, dnsWorkloads, policies, previous.allows, parts.allows);
  if (!allows) return { gaps, parts };
  const dnsIds = new Set(dnsWorkloads.map((w) => w.id));
  for (const [w, selecting] of egressSelection(index, namespace, policies, previous.selections, parts.selections)) {
    if (dnsIds.has(w.id)) continue;
    const udp = selecting.some((i) => allows[i].udp);
    const tcp = selecting.some((i) => allows[i].tcp);
    if (udp && tcp) continue;
    for (const i of selecting) {
      const id = policies[i].id;
      let g = gaps.get(id);
      if (!g) gaps.set(id, (g = { udp: { count: 0, names: [] }, tcpOnly: { count: 0, names: [] } }));
      addName(udp ? g.tcpOnly : g.udp, w.name || '(unnamed)');
      parts.members[i][udp ? 'tcpOnly' : 'udp'].push(w);
    }
  }
  return { gaps, parts };
}

/**
 * The gaps after pod label changes of the namespace only (same policies,
 * same DNS answers), from the previous ones: a workload that entered or
 * left a selector the changes touch (not `kept`) is a changed one, so only
 * the policies of those selectors have other gap members, and only the
 * workloads that entered need their selecting policies (all among those
 * selectors). Undefined when the previous computation had nothing to keep.
 */
function patched(index: WorkspaceIndex, namespace: string, policies: IndexedPolicy[], hit: Entry, kept: Map<string, Selection>): { gaps: Map<string, PolicyDnsGaps>; parts: Parts } | undefined {
  const old = hit.parts;
  if (index.workloadCountIn(namespace) === 0) return undefined;
  const allows = policies.map((p) => old.allows.get(p));
  if (allows.some((a) => a === undefined)) return undefined;
  const parts: Parts = { allows: old.allows, selections: new Map(), members: old.members.slice() };
  const affected = new Set<number>();
  const left = new Set<IndexedWorkload>();
  const entered = new Map<IndexedWorkload, number[]>();
  for (const [key, { reqs, positions }] of selectorGroups(policies)) {
    const same = kept.get(key);
    if (same) {
      parts.selections.set(key, same);
      continue;
    }
    const before = old.selections.get(key);
    if (!before) return undefined;
    const selected = [...matching(index, [namespace], reqs)];
    parts.selections.set(key, { reqs, selected });
    for (const i of positions) affected.add(i);
    const now = new Set(selected);
    const was = new Set(before.selected);
    for (const w of before.selected) if (!now.has(w)) left.add(w);
    for (const w of selected) {
      if (was.has(w)) continue;
      const list = entered.get(w);
      if (list) list.push(...positions);
      else entered.set(w, [...positions]);
    }
  }
  for (const i of affected) {
    const m = old.members[i];
    parts.members[i] = { udp: m.udp.filter((w) => !left.has(w)), tcpOnly: m.tcpOnly.filter((w) => !left.has(w)) };
  }
  const dnsIds = new Set(dnsWorkloadsOf(index).map((w) => w.id));
  for (const [w, selecting] of entered) {
    if (dnsIds.has(w.id)) continue;
    const udp = selecting.some((i) => allows[i]!.udp);
    const tcp = selecting.some((i) => allows[i]!.tcp);
    if (udp && tcp) continue;
    for (const i of selecting) parts.members[i][udp ? 'tcpOnly' : 'udp'].push(w);
  }
  const gaps = new Map<string, PolicyDnsGaps>();
  policies.forEach((p, i) => {
    const m = parts.members[i];
    if (!affected.has(i)) {
      const g = hit.gaps.get(p.id);
      if (g) gaps.set(p.id, g);
    } else if (m.udp.length > 0 || m.tcpOnly.length > 0) gaps.set(p.id, { udp: named(m.udp), tcpOnly: named(m.tcpOnly) });
  });
  return { gaps, parts };
}

function named(workloads: readonly IndexedWorkload[]): NamedWorkloads {
  const out: NamedWorkloads = { count: 0, names: [] };
  for (const w of workloads) addName(out, w.name || '(unnamed)');
  return out;
}

/**
 * Each policy's DNS answer, by position, each also put in `into`; only the
 * policies `known` lacks go through an engine (one, over all of them).
 * `known` holds answers only from a computation that had something to
 * reach, under the same DNS pods.
 */
function allowsOf(index: WorkspaceIndex, namespace: string, dns: ClusterDns, dnsWorkloads: readonly IndexedWorkload[], policies: readonly IndexedPolicy[], known: ReadonlyMap<IndexedPolicy, DnsAllows>, into: Map<IndexedPolicy, DnsAllows>): DnsAllows[] | undefined {
  const missing = policies.filter((p) => !known.has(p));
  if (missing.length > 0) {
    const fresh = dnsAllowsOfPolicies(index, namespace, dns, dnsWorkloads, missing);
    // Nothing to reach (no DNS pod, no DNS address): the same for every policy.
    if (!fresh) return undefined;
    missing.forEach((p, i) => into.set(p, fresh[i]));
  }
  return policies.map((p) => {
    const a = into.get(p) ?? known.get(p)!;
    into.set(p, a);
    return a;
  });
}

/**
 * Per workload of the namespace: the positions in `policies` of those whose
 * podSelector selects it. Policies sharing a selector (many select one app)
 * share one lookup, through the label tables (or `known`'s answer; each
 * selector's workloads are put in `into`): the work grows with the matches,
 * not policies x workloads.
 */
function egressSelection(index: WorkspaceIndex, namespace: string, policies: readonly IndexedPolicy[], known: ReadonlyMap<string, Selection>, into: Map<string, Selection>): Map<IndexedWorkload, number[]> {
  const selection = new Map<IndexedWorkload, number[]>();
  for (const [key, { reqs, positions }] of selectorGroups(policies)) {
    const selected = known.get(key)?.selected ?? [...matching(index, [namespace], reqs)];
    into.set(key, { reqs, selected });
    for (const w of selected) {
      const list = selection.get(w);
      if (list) list.push(...positions);
      else selection.set(w, [...positions]);
    }
  }
  return selection;
}

/** The policies' positions by podSelector signature; a missing podSelector decodes as the empty one (every pod), an invalid one selects nothing. */
function selectorGroups(policies: readonly IndexedPolicy[]): Map<string, { reqs: Requirement[]; positions: number[] }> {
  const bySelector = new Map<string, { reqs: Requirement[]; positions: number[] }>();
  policies.forEach((p, i) => {
    const reqs = compileSelector(p.policy.podSelector);
    if (reqs === null) return;
    const key = selectorSignature(reqs);
    const group = bySelector.get(key);
    if (group) group.positions.push(i);
    else bySelector.set(key, { reqs, positions: [i] });
  });
  return bySelector;
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
