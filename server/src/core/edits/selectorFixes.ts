// The quick fixes of the "matches nothing" findings, as pure edits: add (or
// set) the missing labels on one of the closest workloads or Namespaces, or
// change the selector to the nearest existing label. The objects are looked
// up again in the current index, so stale finding data yields no fix rather
// than a wrong edit.
import type { SelectorFindingData, TargetRef } from '../checks/unmatchedSelector';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { baseNameOf } from '../index/paths';
import { addNamespaceLabelEdits, addPodLabelEdits } from './addLabel';
import type { TextEdit } from './text';

export interface QuickFix {
  title: string;
  /** The file the edits apply to. */
  uri: string;
  edits: TextEdit[];
  /** Always false for now: which fix is right (label or selector) is the user's call. */
  isPreferred: boolean;
}

function fileLabel(uri: string): string {
  return decodeURIComponent(baseNameOf(uri));
}

/** "Add label ..." fixes for each candidate, then "Change selector to ..." when a near label exists. */
export function selectorQuickFixes(index: WorkspaceIndex, data: SelectorFindingData): QuickFix[] {
  const out: QuickFix[] = [];
  for (const c of data.candidates) {
    const edits = labelEdits(index, c, c.labelsToAdd);
    if (!edits || edits.length === 0) continue;
    const what = c.kind === 'Namespace' ? `Namespace ${c.name}` : `${c.kind} ${c.name}`;
    const labels = c.labelsToAdd.map((l) => `${l.key}=${l.value}`).join(', ');
    const replaced = c.labelsToAdd.filter((l) => l.replaces !== undefined).map((l) => `${l.key}=${l.replaces}`);
    const title = replaced.length === 0 ? `Add label ${labels} to ${what} (${fileLabel(c.uri)})` : `Set label ${labels} on ${what} (${fileLabel(c.uri)}), replacing ${replaced.join(', ')}`;
    out.push({ title, uri: c.uri, edits, isPreferred: false });
  }
  const s = data.suggestion;
  if (s) {
    const policyText = index.getFile(s.replace.uri)?.text;
    // Only when the policy file still has the text the finding was computed on.
    if (policyText !== undefined && s.replace.range.end <= policyText.length) {
      out.push({ title: `Change selector to ${s.key}=${s.value}`, uri: s.replace.uri, edits: [{ range: s.replace.range, newText: s.replace.newText }], isPreferred: false });
    }
  }
  return out;
}

function labelEdits(index: WorkspaceIndex, target: TargetRef, labels: { key: string; value: string }[]): TextEdit[] | undefined {
  const file = index.getFile(target.uri);
  if (!file) return undefined;
  const set = labels.map((l) => ({ key: l.key, value: l.value }));
  if (target.kind === 'Namespace') {
    const ns = file.namespaceObjects.find((n) => n.name === target.name);
    return ns && addNamespaceLabelEdits(file.text, ns.object, set);
  }
  const w = file.workloads.find((x) => x.workload.kind === target.kind && x.name === target.name && x.namespace === target.namespace);
  return w && addPodLabelEdits(file.text, w.workload, set);
}
