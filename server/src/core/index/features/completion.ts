// Completion inside selectors: label keys, then values, that exist in the
// workspace for the namespaces the selector looks at (pod selectors), or on
// namespaces (namespaceSelectors); operators in matchExpressions.
import type { OffsetRange } from '../../findings';
import { formatScalar } from '../../edits/yamlScalar';
import { yamlLineBreaks } from '../../yaml/lineIndex';
import { peerNamespaces } from '../../policy/resolve';
import type { LabelTable } from '../labelTable';
import type { WorkspaceIndex } from '../workspaceIndex';
import { selectorAt } from './locate';
import { yamlContextAt, YamlCursorContext } from './yamlContext';

export type CompletionContextKind = 'podLabelKey' | 'podLabelValue' | 'namespaceLabelKey' | 'namespaceLabelValue' | 'operator';

export interface CompletionCandidate {
  label: string;
  /** What to insert in place of `replace`: quoted when YAML needs it; keys get `: ` unless one follows. */
  insertText: string;
  /** `3 workloads in shop`, `2 namespaces`, `operator`. */
  detail: string;
  /** How many workloads/namespaces carry it (0 for operators); items are sorted by it, most first. */
  count: number;
}

export interface CompletionData {
  context: CompletionContextKind;
  /** The word the items replace. */
  replace: OffsetRange;
  prefix: string;
  /** For values: the label key. */
  key?: string;
  /** Pod contexts: the namespaces searched (`all` for `namespaceSelector: {}`). */
  namespaces?: string[] | 'all';
  items: CompletionCandidate[];
  /** More items exist than returned: ask again as the prefix grows. */
  isIncomplete: boolean;
}

export const COMPLETION_LIMIT = 200;
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function completionAt(index: WorkspaceIndex, uri: string, offset: number): CompletionData | undefined {
  const file = index.getFile(uri);
  if (!file) return undefined;
  const ctx = yamlContextAt(file.text, offset);
  if (!ctx) return undefined;
  const at = selectorIndexIn(ctx.path);
  if (at < 0) return undefined;
  const selectorKind = ctx.path[at] as 'podSelector' | 'namespaceSelector';
  const rest = ctx.path.slice(at + 1);
  const pods = selectorKind === 'podSelector';
  let kind: CompletionContextKind | undefined;
  let key: string | undefined;
  if (rest.length === 1 && rest[0] === 'matchLabels') {
    if (ctx.position === 'key') kind = pods ? 'podLabelKey' : 'namespaceLabelKey';
    else if (ctx.position === 'value') {
      kind = pods ? 'podLabelValue' : 'namespaceLabelValue';
      key = ctx.key;
    }
  } else if (rest.length === 2 && rest[0] === 'matchExpressions' && rest[1] === '-' && ctx.position === 'value') {
    if (ctx.key === 'key') kind = pods ? 'podLabelKey' : 'namespaceLabelKey';
    else if (ctx.key === 'operator') kind = 'operator';
  } else if (rest.length === 3 && rest[0] === 'matchExpressions' && rest[2] === 'values' && ctx.position === 'item') {
    kind = pods ? 'podLabelValue' : 'namespaceLabelValue';
    key = expressionKey(file.text, offset);
  }
  if (!kind || ((kind === 'podLabelValue' || kind === 'namespaceLabelValue') && !key)) return undefined;

  const keyPosition = kind.endsWith('Key') && ctx.position === 'key';
  if (kind === 'operator') return finish(ctx, kind, undefined, undefined, OPERATORS.map((o) => ({ label: o, count: 0, detail: 'operator' })), false);
  if (pods) {
    const namespaces = podNamespaces(index, uri, offset, file.text);
    const tables = (namespaces === 'all' ? index.workloadNamespaces() : namespaces).map((ns) => index.podLabels(ns));
    const where = namespaces === 'all' ? 'in any namespace' : `in ${namespaces.join(', ')}`;
    const counts = kind === 'podLabelKey' ? keyCounts(tables) : valueCounts(tables, key!);
    return finish(ctx, kind, key, namespaces, [...counts].map(([label, count]) => ({ label, count, detail: `${count} workload${count === 1 ? '' : 's'} ${where}` })), keyPosition);
  }
  const tables = [index.namespaceLabels()];
  const counts = kind === 'namespaceLabelKey' ? keyCounts(tables) : valueCounts(tables, key!);
  return finish(ctx, kind, key, undefined, [...counts].map(([label, count]) => ({ label, count, detail: `${count} namespace${count === 1 ? '' : 's'}` })), keyPosition);
}

function selectorIndexIn(path: string[]): number {
  for (let i = path.length - 1; i >= 0; i--) if (path[i] === 'podSelector' || path[i] === 'namespaceSelector') return i;
  return -1;
}

function keyCounts<T>(tables: LabelTable<T>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tables) {
    for (const k of t.keys()) {
      let n = 0;
      for (const members of t.values(k).values()) n += members.size;
      out.set(k, (out.get(k) ?? 0) + n);
    }
  }
  return out;
}

function valueCounts<T>(tables: LabelTable<T>[], key: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tables) for (const [v, members] of t.values(key)) out.set(v, (out.get(v) ?? 0) + members.size);
  return out;
}

function finish(ctx: YamlCursorContext, kind: CompletionContextKind, key: string | undefined, namespaces: string[] | 'all' | undefined, raw: { label: string; count: number; detail: string }[], keyPosition: boolean): CompletionData {
  // Operators keep their documented order; labels go most used first.
  if (kind !== 'operator') raw.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  let list = raw;
  let isIncomplete = false;
  if (list.length > COMPLETION_LIMIT) {
    const p = ctx.prefix.toLowerCase();
    list = list.filter((c) => c.label.toLowerCase().startsWith(p));
    isIncomplete = list.length > COMPLETION_LIMIT || list.length < raw.length;
    list = list.slice(0, COMPLETION_LIMIT);
  }
  const items = list.map((c) => ({
    ...c,
    insertText: (ctx.quoted ? c.label : formatScalar(c.label)) + (keyPosition && !ctx.colonFollows ? ': ' : ''),
  }));
  const data: CompletionData = { context: kind, replace: ctx.replace, prefix: ctx.prefix, items, isIncomplete };
  if (key !== undefined) data.key = key;
  if (namespaces !== undefined) data.namespaces = namespaces;
  return data;
}

/**
 * Namespaces a pod selector at the offset looks at: from the parsed policy
 * when the document parses, else the policy's `metadata.namespace` read
 * from the text, else the folder's or default namespace.
 */
function podNamespaces(index: WorkspaceIndex, uri: string, offset: number, text: string): string[] | 'all' {
  const at = selectorAt(index, uri, offset);
  if (at && at.site.role === 'policy') return [at.policy.namespace];
  if (at && at.site.role === 'peerPod' && at.site.peer) {
    const { namespaces, allNamespaces } = peerNamespaces(index, at.policy, at.site.peer);
    return allNamespaces ? 'all' : namespaces;
  }
  return [namespaceFromText(text, offset) ?? index.implicitNamespaceFor(uri)];
}

function namespaceFromText(original: string, offset: number): string | undefined {
  // Lone CRs end lines too (same offsets).
  const text = yamlLineBreaks(original);
  const docStart = Math.max(0, text.lastIndexOf('\n---', offset) + 1);
  const nextDoc = text.indexOf('\n---', offset);
  const doc = text.slice(docStart, nextDoc < 0 ? text.length : nextDoc);
  const meta = /^metadata:[ \t]*(?:#.*)?\r?\n((?:(?:[ \t]+.*|[ \t]*)(?:\r?\n|$))*)/m.exec(doc);
  const ns = meta && /^[ \t]+namespace:[ \t]*["']?([a-z0-9][-a-z0-9]*)/m.exec(meta[1]);
  if (ns) return ns[1];
  const flow = /^metadata:[ \t]*\{[^}]*\bnamespace:[ \t]*["']?([a-z0-9][-a-z0-9]*)/m.exec(doc);
  return flow?.[1];
}

/** The `key:` of the matchExpressions item around the offset (same flow map, or the item's lines). */
function expressionKey(original: string, offset: number): string | undefined {
  const text = yamlLineBreaks(original);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const inline = /[{,]\s*key:\s*["']?([^\s"',}]+)/.exec(line);
  if (inline) return inline[1];
  const lines = text.split(/\r?\n/);
  const current = text.slice(0, offset).split(/\r?\n/).length - 1;
  const keyRe = /^\s*(?:-\s+)?key:\s*["']?([^\s"'#]+)/;
  // Upwards to the item's `- ` line, then downwards to the next item.
  for (let i = current; i >= 0; i--) {
    const m = keyRe.exec(lines[i]);
    if (m) return m[1];
    if (i < current && /^\s*-\s+\w+\s*:/.test(lines[i])) break;
  }
  for (let i = current + 1; i < lines.length; i++) {
    if (/^\s*-\s/.test(lines[i]) || /^\S/.test(lines[i])) break;
    const m = keyRe.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}
