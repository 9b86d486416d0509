// The quick fix of netpol/service-port-not-pod-port: write the Service's
// targetPort (a number, or the container port name it gives) in place of the
// Service port, in the rule's `port:` value only. Give it the data of a
// finding of the current index (see currentFinding.ts); verifyFix.ts checks
// the edit means exactly that before it is offered.
import type { ServicePortFindingData } from '../checks/servicePortNotPodPort';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicy, NetworkPolicyPort } from '../model/types';
import { formatScalar } from './yamlScalar';
import { objectAt, QuickFix } from './selectorFixes';

export function servicePortQuickFix(index: WorkspaceIndex, data: ServicePortFindingData): QuickFix | undefined {
  const file = index.getFile(data.policy.uri);
  const policy = file?.policies.find((p) => p.name === data.policy.name && p.namespace === data.policy.namespace && portOf(p.policy, data.portPath));
  const port = policy && portOf(policy.policy, data.portPath);
  if (!file || !policy || !port?.port || port.port.value !== data.from) return undefined;
  const { start, end } = port.port.range;
  const newText = typeof data.to === 'number' ? String(data.to) : formatScalar(data.to);
  return {
    title: `Use the targetPort ${data.to} of Service ${data.service.name} instead of port ${data.from}`,
    uri: data.policy.uri,
    edits: [{ range: { start, end }, newText, replaces: file.text.slice(start, end) }],
    intent: { kind: 'port', object: objectAt(policy.policy, policy.name), portPath: data.portPath, from: data.from, to: data.to },
    // The one change that makes the rule mean what it says.
    isPreferred: true,
  };
}

/** The rule port of a policy at an API path (`spec.ingress[0].ports[1]`). */
export function portOf(policy: NetworkPolicy, path: string): NetworkPolicyPort | undefined {
  for (const rules of [policy.ingress, policy.egress]) for (const r of rules?.items ?? []) for (const p of r.ports?.items ?? []) if (p.path === path) return p;
  return undefined;
}
