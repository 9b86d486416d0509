// The quick fixes of the "matches nothing" findings, as pure edits: add (or
// set) the missing labels on one of the closest workloads or Namespaces, or
// change the selector to the nearest existing label. Give them the data of a
// finding of the current index (see currentFinding.ts): the objects are
// looked up again there, and each fix says what it means (`intent`) and what
// text each edit replaces, so verifyFix.ts can check it before it is offered.
import type { LabelKV, SelectorFindingData, TargetRef } from '../checks/unmatchedSelector';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { baseNameOf } from '../index/paths';
import type { Requirement } from '../policy/labelSelector';
import { addNamespaceLabelEdits, addPodLabelEdits } from './addLabel';
import type { TextEdit } from './text';
import type { PolicyIntent } from './policyIntent';

/** An edit with the text it expects to replace (`''` for an insertion). */
export interface CheckedEdit extends TextEdit {
  replaces: string;
  /**
   * The edit joins two collection items (merging peers: a `-` dropped, `}, {`
   * joined), so its range is no single node; the re-parse checks its meaning.
   */
  joinsItems?: boolean;
}

/** Where an object is in its file: stable across edits that add no document. */
export interface ObjectAt {
  docIndex: number;
  listIndex?: number;
  kind: string;
  name: string;
}

export type FixIntent =
  /** The object's pod labels (a Namespace's labels) gain or change exactly `labels`. */
  | { kind: 'labels'; object: ObjectAt; labels: LabelKV[] }
  /** The selector at `selectorPath` of the policy has `from` replaced by a requirement on `to`. */
  | { kind: 'selector'; object: ObjectAt; selectorPath: string; from: Requirement; to: LabelKV }
  /** The policy's `policyTypes` become exactly `types` (in this order). */
  | { kind: 'policyTypes'; object: ObjectAt; types: string[] }
  /** The rule at `rulePath` gains one port entry, `port` with `protocol`, and nothing else changes. */
  | { kind: 'addPort'; object: ObjectAt; rulePath: string; port: number | string; protocol: string }
  /** The rule port at `portPath` of the policy has its `port` changed from `from` to `to`, nothing else. */
  | { kind: 'port'; object: ObjectAt; portPath: string; from: number | string; to: number | string }
  /** The NetworkPolicy changes as `change` says (policyIntent.ts), and in no other way. */
  | { kind: 'policy'; object: ObjectAt; change: PolicyIntent };

export interface QuickFix {
  title: string;
  /** The file the edits apply to. */
  uri: string;
  edits: CheckedEdit[];
  intent: FixIntent;
  /** Always false for now: which fix is right (label or selector) is the user's call. */
  isPreferred: boolean;
}

/** `key=value` for titles; a key or value with a space, `,`, `=` or `"` (or empty) is JSON-quoted so the list reads unambiguously. */
export function labelTitle(key: string, value: string): string {
  const show = (x: string) => (/^[^\s,="]+$/.test(x) ? x : JSON.stringify(x));
  return `${show(key)}=${show(value)}`;
}

function fileLabel(uri: string): string {
  return decodeURIComponent(baseNameOf(uri));
}

/** "Add label ..." fixes for each candidate, then "Change selector to ..." when a near label exists. */
export function selectorQuickFixes(index: WorkspaceIndex, data: SelectorFindingData): QuickFix[] {
  const out: QuickFix[] = [];
  for (const c of data.candidates) {
    // Two values for one key (a selector with a repeated key): no label set satisfies it.
    if (new Set(c.labelsToAdd.map((l) => l.key)).size !== c.labelsToAdd.length) continue;
    const fix = labelFix(index, c, c.labelsToAdd);
    if (!fix || fix.edits.length === 0) continue;
    const what = c.kind === 'Namespace' ? `Namespace ${c.name}` : `${c.kind} ${c.name}`;
    const labels = c.labelsToAdd.map((l) => labelTitle(l.key, l.value)).join(', ');
    const replaced = c.labelsToAdd.filter((l) => l.replaces !== undefined).map((l) => labelTitle(l.key, l.replaces!));
    const title = replaced.length === 0 ? `Add label ${labels} to ${what} (${fileLabel(c.uri)})` : `Set label ${labels} on ${what} (${fileLabel(c.uri)}), replacing ${replaced.join(', ')}`;
    out.push({ title, uri: c.uri, edits: fix.edits, intent: fix.intent, isPreferred: false });
  }
  const change = selectorFix(index, data);
  if (change) out.push(change);
  return out;
}

function selectorFix(index: WorkspaceIndex, data: SelectorFindingData): QuickFix | undefined {
  const s = data.suggestion;
  const f = data.failing;
  if (!s || !f) return undefined;
  const file = index.getFile(s.replace.uri);
  const { start, end } = s.replace.range;
  // The policy the edit lies in (names may repeat in a broken file).
  const policy = file?.policies.find((p) => p.name === data.policy.name && p.namespace === data.policy.namespace && p.policy.range.start <= start && end <= p.policy.range.end);
  if (!file || !policy || start < 0 || end > file.text.length || start > end) return undefined;
  const from: Requirement = f.operator === 'In' || f.operator === 'NotIn' ? { key: f.key, op: f.operator, values: new Set(f.values) } : { key: f.key, op: f.operator };
  return {
    title: `Change selector to ${labelTitle(s.key, s.value)}`,
    uri: s.replace.uri,
    edits: [{ range: { start, end }, newText: s.replace.newText, replaces: file.text.slice(start, end) }],
    intent: { kind: 'selector', object: objectAt(policy.policy, policy.name), selectorPath: data.selectorPath, from, to: { key: s.key, value: s.value } },
    isPreferred: false,
  };
}

export function objectAt(o: { docIndex: number; listIndex?: number; kind: string }, name: string): ObjectAt {
  return { docIndex: o.docIndex, listIndex: o.listIndex, kind: o.kind, name };
}

function labelFix(index: WorkspaceIndex, target: TargetRef, labels: LabelKV[]): { edits: CheckedEdit[]; intent: FixIntent } | undefined {
  const file = index.getFile(target.uri);
  if (!file) return undefined;
  const set = labels.map((l) => ({ key: l.key, value: l.value }));
  let edits: TextEdit[] | undefined;
  let at: ObjectAt | undefined;
  if (target.kind === 'Namespace') {
    const ns = file.namespaceObjects.find((n) => n.name === target.name);
    if (ns) [edits, at] = [addNamespaceLabelEdits(file.text, ns.object, set), objectAt(ns.object, ns.name)];
  } else {
    const w = file.workloads.find((x) => x.workload.kind === target.kind && x.name === target.name && x.namespace === target.namespace);
    if (w) [edits, at] = [addPodLabelEdits(file.text, w.workload, set), objectAt(w.workload, w.name)];
  }
  if (!edits || !at) return undefined;
  return { edits: edits.map((e) => ({ ...e, replaces: file.text.slice(e.range.start, e.range.end) })), intent: { kind: 'labels', object: at, labels: set } };
}
