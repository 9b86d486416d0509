// `kind: NetworkPolicy` objects that are not networking.k8s.io/v1: an error
// for a version Kubernetes does not serve (kubectl: "no matches for kind"),
// and a note, no finding, for another product's NetworkPolicy kind.
import { finding, Finding } from './findings';
import { NETWORK_POLICY_API_VERSION, networkPolicyVersion } from './model/apiVersion';
import type { K8sObject } from './model/types';
import { goQuote } from './policy/validation/goFormat';

export function unknownApiVersionFindings(objects: readonly K8sObject[]): Finding[] {
  const out: Finding[] = [];
  for (const o of objects) {
    if (networkPolicyVersion(o) !== 'unknown') continue;
    out.push(finding('netpol/unknown-api-version', 'error', unknownVersionMessage(o.apiVersion), o.apiVersionRange ?? o.kindRange));
  }
  return out;
}

function unknownVersionMessage(apiVersion: string): string {
  // kubectl's client-side check, before it asks the API server anything.
  if (apiVersion === '') return `apiVersion not set: NetworkPolicy is served as ${NETWORK_POLICY_API_VERSION}`;
  const removed = apiVersion === 'extensions/v1beta1' ? ' (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16)' : '';
  return `no matches for kind "NetworkPolicy" in version ${goQuote(apiVersion)}: NetworkPolicy is served as ${NETWORK_POLICY_API_VERSION}${removed}`;
}

/**
 * One line per other product's NetworkPolicy version in a file, for the
 * shells' logs (prefixed with the file): those objects are not analysed.
 */
export function notAnalysedNotes(objects: readonly K8sObject[]): string[] {
  const versions = new Set<string>();
  for (const o of objects) if (networkPolicyVersion(o) === 'other-product') versions.add(o.apiVersion);
  return [...versions].map((v) => `NetworkPolicy in ${v} is not analysed (only ${NETWORK_POLICY_API_VERSION} is)`);
}
