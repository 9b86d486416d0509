// The last gate before a quick fix is offered: its edits must replace exactly
// the text they expect, on UTF-16 and line-break boundaries, each inside one
// YAML node; and the edited file, parsed again with the project's parser,
// must have no new error and mean what the fix says (the labels set, the
// selector changed) and nothing else. A fix that fails is not offered.
import { isAlias, isScalar, Node, Pair, visit, YAMLMap } from 'yaml';
import { analyzeText, AnalyzeOptions, FileAnalysis } from '../analyze';
import type { LabelKV } from '../checks/unmatchedSelector';
import { scalarText } from '../model/node';
import { K8sObject, LabelEntry, NetworkPolicyPort, isNetworkPolicy, isWorkload, NetworkPolicyRule } from '../model/types';
import { compileSelector, Requirement } from '../policy/labelSelector';
import { selectorSitesOf } from '../policy/resolve';
import type { CheckedEdit, FixIntent, ObjectAt, QuickFix } from './selectorFixes';
import { applyEdits } from './text';
import { portOf } from './servicePortFix';
import { checkPolicyIntent } from './policyIntent';

/** Why the fix must not be offered, or undefined when it is sound. `before` is the analysis (with trees) of the text the edits apply to. */
export function verifyFix(before: FileAnalysis, fix: Pick<QuickFix, 'edits' | 'intent'>, options: AnalyzeOptions): string | undefined {
  const text = before.parsed.text;
  const problem = checkRanges(text, fix.edits) ?? checkNodes(before, fix.edits);
  if (problem) return problem;
  const after = analyzeText(applyEdits(text, fix.edits), options);
  if (after.parsed.skipped) return `the edited file is not analysed (${after.parsed.skipped.note})`;
  return newError(before, after) ?? checkMeaning(before.objects, after.objects, fix.intent);
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Inside a surrogate pair or a `\r\n`. */
function splits(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  return (isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at))) || (text[at - 1] === '\r' && text[at] === '\n');
}

export function checkRanges(text: string, edits: readonly CheckedEdit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  for (let i = 0; i < sorted.length; i++) {
    const { range, newText, replaces } = sorted[i];
    const { start, end } = range;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) return `range ${start}-${end} is outside the text`;
    if (splits(text, start) || splits(text, end)) return `range ${start}-${end} splits a character or a line break`;
    if (text.slice(start, end) !== replaces) return `range ${start}-${end} holds ${JSON.stringify(text.slice(start, end))}, not ${JSON.stringify(replaces)}`;
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(newText)) return 'the new text has a lone surrogate';
    // Two edits at one offset apply in an order clients do not agree on.
    if (i > 0 && sorted[i - 1].range.end > start) return 'edits overlap';
    if (i > 0 && sorted[i - 1].range.start === start) return 'two edits at one offset';
  }
  return undefined;
}

/** A replaced range is exactly one scalar, alias or `key: value` pair; an insertion is not inside a scalar. */
function checkNodes(before: FileAnalysis, edits: readonly CheckedEdit[]): string | undefined {
  const spans = new Set<string>();
  const scalars: [number, number][] = [];
  for (const d of before.parsed.documents) {
    visit(d.doc, {
      Scalar(_, n) {
        if (n.range) {
          spans.add(`${n.range[0]}:${n.range[1]}`);
          scalars.push([n.range[0], n.range[1]]);
        }
      },
      Alias(_, n) {
        if (n.range) spans.add(`${n.range[0]}:${n.range[1]}`);
      },
      Pair(_, p: Pair) {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        if (k?.range && v?.range && (isScalar(v) || isAlias(v))) spans.add(`${k.range[0]}:${v.range[1]}`);
      },
    });
  }
  for (const { range, joinsItems } of edits) {
    if (joinsItems) continue;
    if (range.start === range.end) {
      if (scalars.some(([s, e]) => s < range.start && range.start < e)) return `the insertion at ${range.start} is inside a scalar`;
    } else if (!spans.has(`${range.start}:${range.end}`)) return `range ${range.start}-${range.end} is not one YAML node`;
  }
  return undefined;
}

function errorCounts(a: FileAnalysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of a.findings) {
    if (f.severity !== 'error') continue;
    const k = `${f.ruleId}: ${f.message}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function newError(before: FileAnalysis, after: FileAnalysis): string | undefined {
  const old = errorCounts(before);
  for (const [k, n] of errorCounts(after)) if (n > (old.get(k) ?? 0)) return `the edit adds an error: ${k}`;
  return undefined;
}

function sameObject(o: K8sObject, at: ObjectAt): boolean {
  return o.docIndex === at.docIndex && o.listIndex === at.listIndex && o.kind === at.kind && (o.metadata.name?.value ?? '') === at.name;
}

function canon(r: Requirement): string {
  return JSON.stringify([r.key, r.op, 'values' in r ? [...r.values].sort() : []]);
}

function entryList(items: readonly LabelEntry[] | undefined): [string, string][] {
  return (items ?? []).map((e) => [e.key.value, e.value.value]);
}

/** The labels the intent edits: a workload's pod labels, a Namespace's own. */
function editedLabels(o: K8sObject): Map<string, string> {
  return new Map(entryList(isWorkload(o) ? o.podLabels : o.metadata.labels?.items));
}

/** What an object means for this tool, minus the part the fix may change. */
interface Skipped {
  labels?: boolean;
  selectorPath?: string;
  policyTypes?: boolean;
  /** A rule whose ports may change. */
  portsOf?: string;
  /** A rule port whose `port` value may change. */
  portPath?: string;
}

function fingerprint(o: K8sObject, skip: Skipped = {}): string {
  const parts: unknown[] = [o.kind, o.apiVersion, o.docIndex, o.listIndex, o.metadata.name?.value, o.metadata.namespace?.value];
  const ownLabelsEdited = skip.labels && (!isWorkload(o) || o.kind === 'Pod');
  if (!ownLabelsEdited) parts.push(entryList(o.metadata.labels?.items));
  if (isWorkload(o)) {
    parts.push(o.podLabelsAt.path, o.ports.map((p) => [p.name, p.containerPort, p.protocol]));
    if (!skip.labels) parts.push(entryList(o.podLabels));
  }
  if (isNetworkPolicy(o)) {
    if (!skip.policyTypes) parts.push((o.policyTypes?.items ?? []).map((t) => t.value));
    for (const s of selectorSitesOf(o)) {
      if (s.selector.path === skip.selectorPath) continue;
      const c = compileSelector(s.selector);
      parts.push([s.selector.path, c && c.map(canon)]);
    }
    for (const rules of [o.ingress, o.egress]) {
      for (const r of rules?.items ?? []) {
        if (r.path !== skip.portsOf) parts.push(portList(r, skip.portPath));
        parts.push((r.peers?.items ?? []).map((p) => [p.path, p.ipBlock?.cidr?.value, p.ipBlock?.except?.items.map((e) => e.value)]));
      }
    }
  }
  return JSON.stringify(parts);
}

function checkMeaning(before: K8sObject[], after: K8sObject[], intent: FixIntent): string | undefined {
  if (before.length !== after.length) return `the edited file has ${after.length} objects, not ${before.length}`;
  const i = before.findIndex((o) => sameObject(o, intent.object));
  if (i < 0 || !sameObject(after[i], intent.object)) return `${intent.object.kind} ${intent.object.name} is not where it was`;
  // Which of two equal keys counts differs between readers (the model, Kubernetes): no fix there.
  if (hasDuplicateKeys(before[i].node) || hasDuplicateKeys(after[i].node)) return `${intent.object.kind} ${intent.object.name} has a duplicate key`;
  for (let j = 0; j < before.length; j++) {
    if (j !== i && fingerprint(before[j]) !== fingerprint(after[j])) return `the edit changes ${after[j].kind} ${after[j].metadata.name?.value ?? ''}`;
  }
  switch (intent.kind) {
    case 'labels':
      return checkLabels(before[i], after[i], intent.labels);
    case 'selector':
      return checkSelector(before[i], after[i], intent.selectorPath, intent.from, intent.to);
    case 'policyTypes':
      return checkPolicyTypes(before[i], after[i], intent.types);
    case 'addPort':
      return checkAddedPort(before[i], after[i], intent.rulePath, intent.port, intent.protocol);
    case 'port':
      return checkPort(before[i], after[i], intent.portPath, intent.from, intent.to);
    case 'policy': {
      const [b, a] = [before[i], after[i]];
      if (!isNetworkPolicy(b) || !isNetworkPolicy(a)) return `${intent.object.kind} ${intent.object.name} is not a NetworkPolicy`;
      return checkPolicyIntent(b, a, intent.change);
    }
  }
}

function portList(r: NetworkPolicyRule, changing?: string): unknown[] {
  return (r.ports?.items ?? []).map((p) => [p.path, p.protocol?.value, p.path === changing ? null : p.port?.value, p.endPort?.value]);
}

function checkPolicyTypes(before: K8sObject, after: K8sObject, types: string[]): string | undefined {
  if (fingerprint(before, { policyTypes: true }) !== fingerprint(after, { policyTypes: true })) return 'the edit changes more than policyTypes';
  if (!isNetworkPolicy(after)) return 'not a NetworkPolicy';
  const got = (after.policyTypes?.items ?? []).map((t) => t.value);
  return JSON.stringify(got) === JSON.stringify(types) ? undefined : `policyTypes would be ${JSON.stringify(got)}, not ${JSON.stringify(types)}`;
}

function ruleAt(o: K8sObject, path: string): NetworkPolicyRule | undefined {
  if (!isNetworkPolicy(o)) return undefined;
  return [...(o.ingress?.items ?? []), ...(o.egress?.items ?? [])].find((r) => r.path === path);
}

function checkAddedPort(before: K8sObject, after: K8sObject, rulePath: string, port: number | string, protocol: string): string | undefined {
  if (fingerprint(before, { portsOf: rulePath }) !== fingerprint(after, { portsOf: rulePath })) return 'the edit changes more than the ports of one rule';
  const old = ruleAt(before, rulePath);
  const now = ruleAt(after, rulePath);
  if (!old || !now) return `no rule at ${rulePath}`;
  const show = (p: { protocol?: { value: string }; port?: { value: number | string }; endPort?: { value: number } }) => JSON.stringify([p.protocol?.value, p.port?.value, p.endPort?.value]);
  const rest = (now.ports?.items ?? []).map(show);
  for (const p of old.ports?.items ?? []) {
    const k = rest.indexOf(show(p));
    if (k < 0) return `the rule at ${rulePath} loses a port`;
    rest.splice(k, 1);
  }
  const want = JSON.stringify([protocol, port, undefined]);
  return rest.length === 1 && rest[0] === want ? undefined : `the rule at ${rulePath} gains ${JSON.stringify(rest)}, not ${want}`;
}

function checkLabels(before: K8sObject, after: K8sObject, labels: LabelKV[]): string | undefined {
  if (fingerprint(before, { labels: true }) !== fingerprint(after, { labels: true })) return 'the edit changes more than the labels';
  const want = editedLabels(before);
  for (const l of labels) want.set(l.key, l.value);
  const got = editedLabels(after);
  const show = (m: Map<string, string>) => JSON.stringify([...m].sort());
  return show(got) === show(want) ? undefined : `the labels would be ${show(got)}, not ${show(want)}`;
}

function portAt(o: K8sObject, path: string): NetworkPolicyPort | undefined {
  return isNetworkPolicy(o) ? portOf(o, path) : undefined;
}

function checkPort(before: K8sObject, after: K8sObject, path: string, from: number | string, to: number | string): string | undefined {
  if (fingerprint(before, { portPath: path }) !== fingerprint(after, { portPath: path })) return 'the edit changes more than the port';
  const old = portAt(before, path);
  const now = portAt(after, path);
  if (old?.port?.value !== from) return `the port at ${path} is not ${from}`;
  if (now?.port?.value !== to) return `the port at ${path} would be ${JSON.stringify(now?.port?.value)}, not ${JSON.stringify(to)}`;
  if (now.protocol?.value !== old.protocol?.value || now.endPort?.value !== old.endPort?.value) return `the port at ${path} changes more than its number`;
  return undefined;
}

function requirementsAt(o: K8sObject, path: string): Requirement[] | undefined {
  if (!isNetworkPolicy(o)) return undefined;
  const site = selectorSitesOf(o).find((s) => s.selector.path === path);
  return (site && compileSelector(site.selector)) ?? undefined;
}

function checkSelector(before: K8sObject, after: K8sObject, path: string, from: Requirement, to: LabelKV): string | undefined {
  if (fingerprint(before, { selectorPath: path }) !== fingerprint(after, { selectorPath: path })) return 'the edit changes more than the selector';
  const old = requirementsAt(before, path);
  const now = requirementsAt(after, path);
  if (!old || !now) return `no valid selector at ${path}`;
  const rest = old.map(canon);
  const at = rest.indexOf(canon(from));
  if (at < 0) return `the selector at ${path} has no requirement ${canon(from)}`;
  rest.splice(at, 1);
  const added = now.filter((r) => {
    const k = rest.indexOf(canon(r));
    if (k < 0) return true;
    rest.splice(k, 1);
    return false;
  });
  if (rest.length > 0 || added.length !== 1) return `the selector at ${path} changes more than one requirement`;
  const r = added[0];
  const ok = r.key === to.key && r.op === from.op && canon(r) !== canon(from) && (!('values' in r) || r.values.has(to.value));
  return ok ? undefined : `the selector at ${path} gets ${canon(r)}, not ${to.key}=${to.value}`;
}

function hasDuplicateKeys(node: Node | null | undefined): boolean {
  if (!node) return false;
  let dup = false;
  const check = (map: YAMLMap) => {
    const seen = new Set<string>();
    for (const p of map.items as Pair[]) {
      // Merge keys (`<<`, read as a symbol) may repeat.
      if (!isScalar(p.key) || typeof p.key.value === 'symbol') continue;
      const k = scalarText(p.key);
      if (seen.has(k)) dup = true;
      seen.add(k);
    }
  };
  visit(node, {
    Map(_, map) {
      check(map);
      return dup ? visit.BREAK : undefined;
    },
  });
  return dup;
}
