// Hover data: what a selector selects (count first), and which policies
// select a workload. Plain data plus a Markdown rendering; the LSP layer
// supplies how a file link is written. Cluster-model workloads and
// namespaces are listed with the rest, said to be so, and linked only when
// the config file declares them.
import type { OffsetRange } from '../../findings';
import { compileSelector, describeSelector } from '../../policy/labelSelector';
import { namespacesMatching, peersSelecting, policiesSelecting, resolvePeer, workloadsSelectedBy } from '../../policy/resolve';
import type { WorkspaceIndex } from '../workspaceIndex';
import { selectorAt, workloadLabelsAt } from './locate';
import { hasLocation, ObjectRef, objectRef, SelectorRef, selectorRef, siteRange, workloadRef } from './refs';

/** Lists longer than this are cut (the count stays exact). */
export const HOVER_LIST_LIMIT = 50;

export interface NamespaceRef {
  name: string;
  /** The defining Namespace object, when a file defines it. */
  definition?: ObjectRef;
  /** The namespace is in the cluster model (and no file defines it). */
  cluster?: boolean;
}

export type HoverData =
  | {
      kind: 'podSelector';
      role: 'policy' | 'peerPod';
      /** The hovered selector (key to end of value). */
      range: OffsetRange;
      /** `app=db`, `all`, ... */
      selector: string;
      namespaces: string[];
      allNamespaces: boolean;
      count: number;
      /** How many of `count` are the cluster model's workloads. */
      clusterCount: number;
      /** Up to HOVER_LIST_LIMIT, ordered by namespace, name. */
      workloads: ObjectRef[];
    }
  | { kind: 'namespaceSelector'; range: OffsetRange; selector: string; count: number; namespaces: NamespaceRef[] }
  | {
      kind: 'workloadLabels';
      range: OffsetRange;
      workload: ObjectRef;
      /** Policies whose spec.podSelector selects it. */
      selectedBy: SelectorRef[];
      /** Peers (from/to) that select it. */
      peerOf: SelectorRef[];
    };

export function hoverAt(index: WorkspaceIndex, uri: string, offset: number): HoverData | undefined {
  const at = selectorAt(index, uri, offset);
  if (at) {
    const { policy, site } = at;
    const range = siteRange(site);
    if (site.role === 'peerNamespace') {
      const matched = namespacesMatching(index, site.selector);
      return {
        kind: 'namespaceSelector',
        range,
        selector: describeSelector(compileSelector(site.selector)),
        count: matched.length,
        namespaces: matched.slice(0, HOVER_LIST_LIMIT).map((n) => {
          const d = n.definitions[0];
          if (d) return { name: n.name, definition: objectRef(d.uri, d.object, d.name, '') };
          return n.cluster ? { name: n.name, cluster: true } : { name: n.name };
        }),
      };
    }
    const resolved = site.role === 'policy' ? { workloads: workloadsSelectedBy(index, policy), namespaces: [policy.namespace], allNamespaces: false } : resolvePeer(index, policy, site.peer!);
    return {
      kind: 'podSelector',
      role: site.role,
      range,
      selector: describeSelector(compileSelector(site.selector)),
      namespaces: resolved.namespaces,
      allNamespaces: resolved.allNamespaces,
      count: resolved.workloads.length,
      clusterCount: resolved.workloads.filter((w) => w.cluster).length,
      workloads: resolved.workloads.slice(0, HOVER_LIST_LIMIT).map((w) => workloadRef(index, w)),
    };
  }
  const w = workloadLabelsAt(index, uri, offset);
  if (!w) return undefined;
  return {
    kind: 'workloadLabels',
    range: w.workload.podLabelsAt.labels!,
    workload: workloadRef(index, w),
    selectedBy: policiesSelecting(index, w).map((p) => selectorRef(p, { role: 'policy', selector: p.policy.podSelector! })),
    peerOf: peersSelecting(index, w).map((m) => {
      const selector = m.peer.podSelector ?? m.peer.namespaceSelector!;
      return selectorRef(m.policy, { role: m.peer.podSelector ? 'peerPod' : 'peerNamespace', selector, direction: m.direction, rule: m.rule, peer: m.peer });
    }),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Markdown for a hover. `link(uri, range, text)` writes a link to a place
 * (the LSP layer knows how: `[text](file:///a.yaml#L12)`).
 */
export function hoverMarkdown(h: HoverData, link: (uri: string, range: OffsetRange, text: string) => string): string {
  const more = (count: number, shown: number) => (count > shown ? [`- … and ${count - shown} more`] : []);
  switch (h.kind) {
    case 'podSelector': {
      const where = h.allNamespaces ? 'in any namespace' : h.namespaces.length === 1 ? `in namespace \`${h.namespaces[0]}\`` : `in namespaces ${h.namespaces.map((n) => `\`${n}\``).join(', ')}`;
      const model = h.clusterCount > 0 ? ` (${h.clusterCount} in the cluster model)` : '';
      const head = `**${h.count === 0 ? 'No workloads' : plural(h.count, 'workload')}** selected by \`${h.selector}\` ${where}${model}`;
      const line = (w: ObjectRef) => {
        const name = hasLocation(w) ? link(w.uri, w.selectionRange, w.name) : w.name;
        return `- ${w.kind} ${name} (${w.cluster ? `${w.cluster}, ` : ''}namespace \`${w.namespace}\`)`;
      };
      return [head, '', ...h.workloads.map(line), ...more(h.count, h.workloads.length)].join('\n');
    }
    case 'namespaceSelector': {
      const head = `**${h.count === 0 ? 'No namespaces' : plural(h.count, 'namespace')}** selected by \`${h.selector}\``;
      const line = (n: NamespaceRef) => `- ${n.definition ? link(n.definition.uri, n.definition.selectionRange, n.name) : `\`${n.name}\``}${n.cluster ? ' (cluster model)' : ''}`;
      return [head, '', ...h.namespaces.map(line), ...more(h.count, h.namespaces.length)].join('\n');
    }
    case 'workloadLabels': {
      const line = (s: SelectorRef) => `- ${link(s.uri, s.selectionRange, s.policy.name)} (namespace \`${s.policy.namespace}\`${s.direction ? `, ${s.direction === 'Ingress' ? 'from' : 'to'}` : ''})`;
      const out = [`**${h.workload.kind} ${h.workload.name}**: selected by ${h.selectedBy.length === 0 ? 'no policy (not isolated)' : `${h.selectedBy.length} ${h.selectedBy.length === 1 ? 'policy' : 'policies'}`}`, ''];
      out.push(...h.selectedBy.map(line));
      if (h.peerOf.length > 0) out.push('', `Named as a peer by ${plural(h.peerOf.length, 'rule')}:`, ...h.peerOf.map(line));
      return out.join('\n');
    }
  }
}
