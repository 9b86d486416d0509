// The quick fixes that edit the policy a finding is on (PolicyFixData):
// add the missing entries to `policyTypes` (or write the key), or add a UDP
// entry next to a DNS port. Each says what it means (`intent`) so that
// verifyFix.ts checks the edited file means exactly that before it is offered.
import type { PolicyFixData } from '../checks/policyFixData';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicy } from '../model/types';
import { isNetworkPolicy } from '../model/types';
import { addPolicyTypesEdits, addUdpPortEdits } from './policyEdits';
import { objectAt, QuickFix } from './selectorFixes';
import type { TextEdit } from './text';

export function policyQuickFixes(index: WorkspaceIndex, data: PolicyFixData): QuickFix[] {
  const file = index.getFile(data.policy.uri);
  const analysis = index.fullAnalysis(data.policy.uri);
  if (!file || !analysis) return [];
  // The policy in the analysis with trees; names may repeat in a broken file: then no fix.
  const matching = file.policies.filter((p) => p.name === data.policy.name && p.namespace === data.policy.namespace);
  if (matching.length !== 1) return [];
  const indexed = matching[0].policy;
  const policy = analysis.objects.find((o): o is NetworkPolicy => isNetworkPolicy(o) && o.docIndex === indexed.docIndex && o.listIndex === indexed.listIndex);
  if (!policy) return [];
  const text = file.text;
  const at = objectAt(policy, data.policy.name);
  const checked = (edits: TextEdit[]) => edits.map((e) => ({ ...e, replaces: text.slice(e.range.start, e.range.end) }));
  const fix = data.fix;
  if (fix.kind === 'policyTypes') {
    const written = (policy.policyTypes?.items ?? []).map((t) => t.value);
    const added = fix.add.filter((t) => !written.includes(t));
    const edits = added.length > 0 ? addPolicyTypesEdits(text, policy, added) : undefined;
    if (!edits) return [];
    const title = written.length === 0 ? `Set policyTypes: [${[...written, ...added].join(', ')}]` : `Add ${added.join(', ')} to policyTypes`;
    return [{ title, uri: data.policy.uri, edits: checked(edits), intent: { kind: 'policyTypes', object: at, types: [...written, ...added] }, isPreferred: true }];
  }
  const rulePath = fix.portPath.replace(/\.ports\[\d+\]$/, '');
  const port = [...(policy.ingress?.items ?? []), ...(policy.egress?.items ?? [])]
    .find((r) => r.path === rulePath)
    ?.ports?.items.find((p) => p.path === fix.portPath)?.port?.value;
  const edits = port === undefined ? undefined : addUdpPortEdits(text, policy, fix.portPath);
  if (!edits || port === undefined) return [];
  return [
    {
      title: `Add a UDP entry for port ${port} (keeps TCP ${port})`,
      uri: data.policy.uri,
      edits: checked(edits),
      intent: { kind: 'addPort', object: at, rulePath, port, protocol: 'UDP' },
      isPreferred: true,
    },
  ];
}
