// Which pod selectors of a file's policies get checked, and against which
// namespaces. A pod selector is only judged where the workspace has workloads:
// manifests of a namespace often live elsewhere, and "matches nothing" would
// then be noise. The policy's own namespace without workloads is reported
// once by `netpol/namespace-has-no-workloads`; peers whose namespaces have no
// workloads are skipped quietly.
// A scope is open when pods we cannot see may be in it: `namespaceSelector:
// {}` (every namespace, known or not), or a namespace in which the workspace
// defines no workload (the cluster model's kube-system has CoreDNS, but its
// other pods are not in any file).
import type { IndexedPolicy, NamespaceInfo } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicyPeer } from '../model/types';
import { compileSelector } from '../policy/labelSelector';
import { peerNamespaces, SelectorSite, selectorSitesOf } from '../policy/resolve';
import { selectorSignature } from './verdictCache';

export interface PodSelectorScope {
  policy: IndexedPolicy;
  site: SelectorSite;
  /** Namespaces the selector picks pods from. */
  namespaces: string[];
  /** `namespaceSelector: {}` next to it. */
  allNamespaces: boolean;
  /** The selector is evaluated in the policy's own namespace. */
  ownNamespace: boolean;
}

export function policiesOfFile(index: WorkspaceIndex, uri: string): IndexedPolicy[] {
  return index.getFile(uri)?.policies ?? [];
}

/**
 * The scopes of a file's policies, kept per policies array (a file's is made
 * anew whenever it is re-derived) while the namespace list is the same (peer
 * namespaces are read from it): the three selector rules ask for the same
 * file's scopes in turn.
 */
const scopeCaches = new WeakMap<WorkspaceIndex, WeakMap<readonly IndexedPolicy[], { namespaces: unknown; scopes: readonly PodSelectorScope[] }>>();

/** Forgets the index's scopes (benchmarks and ratio tests measure cold work). */
export function clearSelectorScopes(index: WorkspaceIndex): void {
  scopeCaches.delete(index);
  peerNamespaceCaches.delete(index);
}

/** Every pod selector (policy podSelector, peer podSelectors) of the file's policies with its namespaces. Shared: do not modify. */
export function podSelectorScopes(index: WorkspaceIndex, uri: string): readonly PodSelectorScope[] {
  const policies = policiesOfFile(index, uri);
  if (policies.length === 0) return [];
  const namespaces = index.namespaces();
  let scopeCache = scopeCaches.get(index);
  if (!scopeCache) scopeCaches.set(index, (scopeCache = new WeakMap()));
  const hit = scopeCache.get(policies);
  if (hit && hit.namespaces === namespaces) return hit.scopes;
  const scopes = computeScopes(index, policies);
  scopeCache.set(policies, { namespaces, scopes });
  return scopes;
}

/**
 * A peer namespaceSelector's namespaces, by selector, per namespace list:
 * every policy's DNS rule has `namespaceSelector: {}`, and matching it
 * against every namespace for each policy would cost policies x namespaces.
 * The arrays are shared: do not modify.
 */
const peerNamespaceCaches = new WeakMap<WorkspaceIndex, WeakMap<readonly NamespaceInfo[], Map<string, PeerNamespaces>>>();

type PeerNamespaces = { namespaces: string[]; allNamespaces: boolean };

function scopeOfPeer(index: WorkspaceIndex, policy: IndexedPolicy, peer: NetworkPolicyPeer): PeerNamespaces {
  if (!peer.namespaceSelector) return peerNamespaces(index, policy, peer);
  const compiled = compileSelector(peer.namespaceSelector);
  const key = compiled === null ? '' : `=${selectorSignature(compiled)}`;
  const list = index.namespaces();
  let byList = peerNamespaceCaches.get(index);
  if (!byList) peerNamespaceCaches.set(index, (byList = new WeakMap()));
  let bySelector = byList.get(list);
  if (!bySelector) byList.set(list, (bySelector = new Map()));
  let hit = bySelector.get(key);
  // With a namespaceSelector the answer depends on the selector and the namespace list only, not on the policy.
  if (!hit) bySelector.set(key, (hit = peerNamespaces(index, policy, peer)));
  return hit;
}

function computeScopes(index: WorkspaceIndex, policies: readonly IndexedPolicy[]): PodSelectorScope[] {
  const out: PodSelectorScope[] = [];
  for (const policy of policies) {
    for (const site of selectorSitesOf(policy.policy)) {
      if (site.role === 'policy') out.push({ policy, site, namespaces: [policy.namespace], allNamespaces: false, ownNamespace: true });
      else if (site.role === 'peerPod' && site.peer && !site.peer.ipBlock) {
        const { namespaces, allNamespaces } = scopeOfPeer(index, policy, site.peer);
        out.push({ policy, site, namespaces, allNamespaces, ownNamespace: !site.peer.namespaceSelector });
      }
    }
  }
  return out;
}

export function describeNamespaces(namespaces: string[], allNamespaces: boolean): string {
  if (allNamespaces) return 'in any namespace';
  return namespaces.length === 1 ? `in namespace ${namespaces[0]}` : `in namespaces ${namespaces.join(', ')}`;
}

/** Whether the workspace's files define a workload in the namespace (cluster-model workloads do not count). */
/** Pods outside the workspace may match: "matches nothing" is then at most information. */
export function isOpenScope(index: WorkspaceIndex, scope: Pick<PodSelectorScope, 'namespaces' | 'allNamespaces'>): boolean {
  return scope.allNamespaces || scope.namespaces.some((ns) => !index.filesDefineWorkloadsIn(ns));
}
