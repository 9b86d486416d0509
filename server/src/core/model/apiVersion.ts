// Which `kind: NetworkPolicy` objects we analyse. Only networking.k8s.io/v1
// is the Kubernetes NetworkPolicy. Another version in a group Kubernetes owns
// is a mistake kubectl refuses ("no matches for kind"); a NetworkPolicy in
// another group (Calico's projectcalico.org/v3, ...) is another product's
// kind, with its own semantics: left alone, and only noted.

export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';

/**
 * - `analysed`: networking.k8s.io/v1;
 * - `unknown`: a version Kubernetes does not serve NetworkPolicy in;
 * - `other-product`: a group Kubernetes does not own.
 */
export type NetworkPolicyVersion = 'analysed' | 'unknown' | 'other-product';

/** `apps/v1` -> `apps`; `v1` -> `` (the core group), as schema.ParseGroupVersion splits it. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Groups Kubernetes owns: the built-in groups have no dot (a CRD's group
 * must have one), and `k8s.io` / `kubernetes.io` and their subdomains are
 * reserved for Kubernetes APIs (`x-k8s.io` is not: it is for SIG projects' CRDs).
 */
export function isKubernetesGroup(group: string): boolean {
  if (!group.includes('.')) return true;
  return ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
}

/** How a `kind: NetworkPolicy` object's apiVersion is treated; undefined for other kinds. */
export function networkPolicyVersion(o: { kind: string; apiVersion: string }): NetworkPolicyVersion | undefined {
  if (o.kind !== 'NetworkPolicy') return undefined;
  if (o.apiVersion === NETWORK_POLICY_API_VERSION) return 'analysed';
  return isKubernetesGroup(apiGroupOf(o.apiVersion)) ? 'unknown' : 'other-product';
}
