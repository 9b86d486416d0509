// `Finding.data` of the rules whose quick fix edits the policy itself: which
// policy, which node the finding is about (its identity across edits, never
// offsets), and the fix it asks for. core/edits/policyFixes.ts turns it into edits.
import type { IndexedPolicy } from '../index/types';
import type { Direction } from '../model/types';

export type PolicyFix =
  /** Add `add` to `policyTypes` (the entries it lacks; the key when absent, written as `add`). */
  | { kind: 'policyTypes'; add: Direction[] }
  /** Add a UDP entry next to the port at `portPath` (same port, `protocol: UDP`). */
  | { kind: 'udpPort'; portPath: string };

export interface PolicyFixData {
  policy: { uri: string; name: string; namespace: string };
  /** API path of the node the finding is on, e.g. `spec.egress` or `spec.egress[0].ports[1]`. */
  path: string;
  fix: PolicyFix;
}

export function policyFixData(p: IndexedPolicy, path: string, fix: PolicyFix): PolicyFixData {
  return { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, path, fix };
}

export function isPolicyFixData(data: unknown): data is PolicyFixData {
  const d = data as PolicyFixData | undefined;
  if (typeof d !== 'object' || d === null || typeof d.path !== 'string' || typeof d.policy !== 'object' || d.policy === null) return false;
  if (typeof d.policy.uri !== 'string' || typeof d.policy.name !== 'string' || typeof d.policy.namespace !== 'string') return false;
  const f = d.fix as PolicyFix | undefined;
  if (typeof f !== 'object' || f === null) return false;
  if (f.kind === 'policyTypes') return Array.isArray(f.add) && f.add.length > 0 && f.add.every((t) => t === 'Ingress' || t === 'Egress');
  return f.kind === 'udpPort' && typeof f.portPath === 'string';
}
