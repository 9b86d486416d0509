// Hover: over a selector, what it selects (with links to the workloads);
// over a workload's pod labels, the policies selecting it; over a policy's
// name or kind, what it does in plain words per direction; over a
// workload's name or kind, its effective ingress and egress.
import { Hover, HoverParams, MarkupKind } from '../lsp/protocol';
import type { OffsetRange } from '../core/findings';
import { hoverAt, hoverMarkdown, policyAt, workloadAt } from '../core/index/features';
import type { IndexedPolicy, IndexedWorkload } from '../core/index/types';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { describePolicy, describeWorkload, Engine } from '../core/policy/engine';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { fileLineLink, offsetIn, rangeIn } from './indexPositions';
import type { Workspace } from './workspace';

export class HoverFeature implements Feature {
  readonly name = 'hover';

  constructor(private readonly workspace: Workspace) {}

  capabilities() {
    return { hoverProvider: true };
  }

  register(session: Session): void {
    this.workspace.attach(session);
    session.connection.onHover(session.guard('hover', null, (params: HoverParams) => this.hover(params)));
  }

  private hover({ textDocument: { uri }, position }: HoverParams): Hover | null {
    const index = this.workspace.index();
    const offset = offsetIn(index, uri, position);
    if (offset === undefined) return null;
    const answer = this.markdown(index, uri, offset);
    if (!answer) return null;
    return { contents: { kind: MarkupKind.Markdown, value: answer.value }, range: rangeIn(index, uri, answer.range) };
  }

  private markdown(index: WorkspaceIndex, uri: string, offset: number): { value: string; range: OffsetRange } | undefined {
    const data = hoverAt(index, uri, offset);
    if (data) return { value: hoverMarkdown(data, (u, r, text) => `**${text}** in ${fileLineLink(index, u, r)}`), range: data.range };
    const policy = policyAt(index, uri, offset);
    const policyAnchor = policy && anchorAt(policy.policy, offset);
    if (policy && policyAnchor) return { value: policyMarkdown(policy), range: policyAnchor };
    const workload = workloadAt(index, uri, offset);
    const workloadAnchor = workload && anchorAt(workload.workload, offset);
    if (workload && workloadAnchor) return { value: workloadMarkdown(this.workspace.engine(), workload), range: workloadAnchor };
    return undefined;
  }
}

/** The object's `metadata.name` or `kind` value, when the offset is on one. */
function anchorAt(o: { kindRange: OffsetRange; metadata: { name?: { range: OffsetRange } } }, offset: number): OffsetRange | undefined {
  return [o.metadata.name?.range, o.kindRange].find((r): r is OffsetRange => r !== undefined && offset >= r.start && offset <= r.end);
}

export function policyMarkdown(p: IndexedPolicy): string {
  const summary = describePolicy({ policy: p.policy, namespace: p.namespace, uri: p.uri });
  const lines = [`**NetworkPolicy ${p.name || '(unnamed)'}** (namespace \`${p.namespace}\`)`, ''];
  lines.push(`**Ingress:** ${summary.ingress ? `${summary.ingress}.` : 'not restricted by this policy.'}`, '');
  lines.push(`**Egress:** ${summary.egress ? `${summary.egress}.` : 'not restricted by this policy.'}`);
  for (const note of summary.notes) lines.push('', `Note: ${note}.`);
  return lines.join('\n');
}

export function workloadMarkdown(engine: Engine, w: IndexedWorkload): string {
  const { ingress, egress } = describeWorkload(engine, w.id);
  return [`**${w.workload.kind} ${w.name || '(unnamed)'}** (namespace \`${w.namespace}\`)`, '', `**Ingress:** ${ingress.text}.`, '', `**Egress:** ${egress.text}.`].join('\n');
}
