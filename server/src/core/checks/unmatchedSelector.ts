// Shared by the two "matches nothing" rules: given a selector that selects
// nothing from a pool (workloads of some namespaces, or namespaces), find the
// requirements that fail on their own, word the finding with the nearest
// existing label, and attach the data the quick fixes need.
import { finding, Finding, OffsetRange, Severity } from '../findings';
import type { IndexedPolicy } from '../index/types';
import type { LabelSelector } from '../model/types';
import { describeSelector, Labels, matches, Requirement } from '../policy/labelSelector';
import { editDistance, existingValues, LabelScope, LabelSuggestion, suggestLabel } from '../policy/suggest';
import { formatScalar, formatScalarLike } from '../edits/yamlScalar';
import { LocatedRequirement, locatedRequirements } from './locatedRequirements';
import { METADATA_NAME_LABEL } from '../index/types';

/** An object a quick fix can point at or edit. */
export interface TargetRef {
  uri: string;
  kind: string;
  name: string;
  /** `''` for namespaces themselves. */
  namespace: string;
}

export interface LabelKV {
  key: string;
  value: string;
}

/** A label a fix sets; `replaces` is the object's current value of that key, when it has one. */
export interface LabelToAdd extends LabelKV {
  replaces?: string;
}

/** `Finding.data` of `netpol/selector-matches-nothing` and `netpol/namespace-selector-matches-nothing`. */
export interface SelectorFindingData {
  target: 'pod' | 'namespace';
  policy: { uri: string; name: string; namespace: string };
  /** API path of the selector, e.g. `spec.ingress[0].from[0].podSelector`. */
  selectorPath: string;
  /** The requirement that fails on its own; `null` when only the combination fails. */
  failing: { key: string; operator: Requirement['op']; values: string[] } | null;
  /** Labels the failing requirement asks for (what "add label" adds); empty for NotIn/Exists/DoesNotExist. */
  missingLabels: LabelKV[];
  /** The closest objects (up to 3) that would match the whole selector once `labelsToAdd` are set. */
  candidates: (TargetRef & { labelsToAdd: LabelToAdd[] })[];
  /** The nearest existing label, with the edit of the policy file that switches the selector to it. */
  suggestion?: LabelKV & {
    members: TargetRef[];
    replace: { uri: string; range: OffsetRange; newText: string };
  };
}

export interface SelectorPool<T> {
  target: 'pod' | 'namespace';
  /** `in namespace shop`, `in namespaces a, b`, `in any namespace`, or `` for namespaces. */
  where: string;
  /** Label tables searched first for suggestions. */
  scopes: LabelScope<T>[];
  /** Tables searched after (other namespaces). */
  others: LabelScope<T>[];
  /** Objects the selector is evaluated against (candidates for "add label"). */
  members(): Iterable<T>;
  labelsOf(m: T): Labels;
  describe(m: T): string;
  /** `undefined` when the object cannot be edited (a namespace no file defines). */
  ref(m: T): TargetRef | undefined;
  /** Sort key for candidates: lower first (e.g. 0 = the policy's own namespace). */
  rank(m: T): number;
}

const MAX_CANDIDATES = 3;

export function unmatchedSelectorFindings<T>(ruleId: string, severity: Severity, policy: IndexedPolicy, policyText: string, sel: LabelSelector, pool: SelectorPool<T>): Finding[] {
  const reqs = locatedRequirements(sel);
  if (!reqs) return [];
  const noun = pool.target === 'pod' ? 'workload' : 'namespace';
  const candidates = addLabelCandidates(reqs.map((r) => r.requirement), pool);
  const base = { target: pool.target, policy: { uri: policy.uri, name: policy.name, namespace: policy.namespace }, selectorPath: sel.path };
  const failing = reqs.filter((r) => !matchedAlone(r.requirement, pool));
  if (failing.length === 0) {
    // Each requirement matches something, only not together.
    const closest = candidates[0];
    const hint = closest ? `; closest: ${closest.kind === 'Namespace' ? 'namespace' : closest.kind} ${closest.name} (missing ${closest.labelsToAdd.map(kv).join(', ')})` : '';
    const message = `no ${noun}${sp(pool.where)} has ${describeSelector(reqs.map((r) => r.requirement))} together${hint}`;
    const data: SelectorFindingData = { ...base, failing: null, missingLabels: [], candidates };
    return [finding(ruleId, severity, message, sel.keyRange, data)];
  }
  return failing.map((r) => {
    const { text, suggestion } = describeFailure(r, pool, { uri: policy.uri, text: policyText });
    const data: SelectorFindingData = {
      ...base,
      failing: { key: r.requirement.key, operator: r.requirement.op, values: 'values' in r.requirement ? [...r.requirement.values] : [] },
      missingLabels: r.requirement.op === 'In' && r.requirement.values.size === 1 ? [{ key: r.requirement.key, value: [...r.requirement.values][0] }] : [],
      candidates,
      ...(suggestion ? { suggestion } : {}),
    };
    return finding(ruleId, severity, `no ${noun}${sp(pool.where)} ${text}`, r.range, data);
  });
}

function sp(where: string): string {
  return where ? ` ${where}` : '';
}

function kv(l: LabelKV): string {
  return `${l.key}=${l.value}`;
}

interface PolicyFile {
  uri: string;
  text: string;
}

function describeFailure<T>(r: LocatedRequirement, pool: SelectorPool<T>, file: PolicyFile): { text: string; suggestion?: SelectorFindingData['suggestion'] } {
  const req = r.requirement;
  switch (req.op) {
    case 'NotIn':
      return { text: `has ${describeSelector([req])}` };
    case 'DoesNotExist':
      return { text: `lacks label ${req.key}` };
    case 'Exists': {
      const s = suggestLabel(req.key, undefined, pool.scopes, pool.others);
      if (s?.how === 'key') {
        // Exists asks for the key only: name everything that has the suggested key.
        const withKey = { ...s, members: pool.scopes.flatMap((sc) => sc.table.withKey(s.key)) };
        return { text: `has label ${req.key}; did you mean ${s.key} (${members(withKey, pool)})?`, suggestion: suggestionData(withKey, pool, file, r.keyRange, s.key) };
      }
      return { text: `has label ${req.key}${elsewhere(s, pool)}` };
    }
    case 'In': {
      const wanted = describeSelector([req]);
      for (const { value, range } of r.valueRanges) {
        const s = suggestLabel(req.key, value, pool.scopes, pool.others);
        if (!s) continue;
        if (s.how === 'value') return { text: `has ${wanted}; did you mean ${s.key}=${s.value} (${members(s, pool)})?`, suggestion: suggestionData(s, pool, file, range, s.value) };
        if (s.how === 'key') {
          // A near key: switch the key, and the value when it differs too.
          const edit = r.source === 'matchLabels' && s.value !== value ? { range: r.range, newText: `${formatScalar(s.key)}: ${formatScalarLike(s.value, file.text.slice(range.start, range.end))}` } : undefined;
          const shared = isAnchoredAt(file.text, range.start) || isAnchoredAt(file.text, r.keyRange.start);
          const suggestion = shared ? undefined : edit ? { key: s.key, value: s.value, members: refs(s, pool), replace: { uri: file.uri, ...edit } } : suggestionData(s, pool, file, r.keyRange, s.key);
          return { text: `has ${wanted}; did you mean ${s.key}=${s.value} (${members(s, pool)})?`, suggestion };
        }
        return { text: `has ${wanted}${elsewhere(s, pool)}` };
      }
      const values = existingValues(pool.scopes, req.key);
      return { text: `has ${wanted}${values.length ? `; existing values: ${values.map((v) => `${req.key}=${v}`).join(', ')}` : ''}` };
    }
  }
}

function elsewhere<T>(s: LabelSuggestion<T> | undefined, pool: SelectorPool<T>): string {
  if (!s || s.how !== 'elsewhere') return '';
  return `; ${s.key}=${s.value} exists in namespace ${s.scope} (${members(s, pool)})`;
}

function members<T>(s: LabelSuggestion<T>, pool: SelectorPool<T>): string {
  const names = s.members.map((m) => pool.describe(m)).sort();
  return names.length <= 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
}

function refs<T>(s: LabelSuggestion<T>, pool: SelectorPool<T>): TargetRef[] {
  return s.members.map((m) => pool.ref(m)).filter((x): x is TargetRef => !!x);
}

/** The edit that replaces a key or a value at `range` with `newValue`, keeping its quoting. */
function suggestionData<T>(s: LabelSuggestion<T>, pool: SelectorPool<T>, file: PolicyFile, range: OffsetRange, newValue: string): SelectorFindingData['suggestion'] {
  // An anchored value (`&a backnd`) is shared with its aliases: editing it would change them too.
  if (isAnchoredAt(file.text, range.start)) return undefined;
  return { key: s.key, value: s.value, members: refs(s, pool), replace: { uri: file.uri, range, newText: formatScalarLike(newValue, file.text.slice(range.start, range.end)) } };
}

/** Whether one requirement alone matches something; In and Exists answer from the label tables. */
function matchedAlone<T>(r: Requirement, pool: SelectorPool<T>): boolean {
  if (r.op === 'In') return pool.scopes.some((s) => [...r.values].some((v) => s.table.members(r.key, v).size > 0));
  if (r.op === 'Exists') return pool.scopes.some((s) => s.table.hasKey(r.key));
  for (const m of pool.members()) if (matches([r], pool.labelsOf(m))) return true;
  return false;
}

interface Scored<T> {
  member: T;
  labelsToAdd: LabelToAdd[];
  met: number;
  rank: number;
  distance: number;
}

/** Order of candidates: own namespace first, most requirements met, closest labels. */
function better<T>(a: Scored<T>, b: Scored<T>): number {
  return a.rank - b.rank || b.met - a.met || a.distance - b.distance;
}

/**
 * Objects of the pool that match the whole selector once some labels are
 * set: only `In` requirements with one value can be satisfied that way.
 * Ordered by the pool's rank (own namespace first), then by how many
 * requirements they already meet, then by how close their labels are to the
 * wanted ones (`app=backend` is closest to `app=backnd`), then by name.
 * One pass with a bounded top list: pools can hold many thousand workloads.
 */
function addLabelCandidates<T>(reqs: Requirement[], pool: SelectorPool<T>): SelectorFindingData['candidates'] {
  // Keep a few more than shown so that ties are broken by name below.
  const keep = MAX_CANDIDATES * 4;
  let top: Scored<T>[] = [];
  for (const member of pool.members()) {
    const labels = pool.labelsOf(member);
    const rank = pool.rank(member);
    const worst = top.length === keep ? top[keep - 1] : undefined;
    if (worst && rank > worst.rank) continue;
    const labelsToAdd: LabelToAdd[] = [];
    let met = 0;
    let distance = 0;
    let fixable = true;
    for (const r of reqs) {
      if (matches([r], labels)) met++;
      // Kubernetes sets kubernetes.io/metadata.name to the namespace's own name: it cannot be edited.
      else if (r.key === METADATA_NAME_LABEL) fixable = false;
      else if (r.op === 'In' && r.values.size === 1) {
        const value = r.values.values().next().value as string;
        const old = labels.get(r.key);
        labelsToAdd.push(old === undefined ? { key: r.key, value } : { key: r.key, value, replaces: old });
        distance += old === undefined ? value.length + 1 : editDistance(old, value, worst && worst.rank === rank && worst.met === met ? worst.distance : Infinity);
      } else fixable = false;
    }
    if (!fixable || labelsToAdd.length === 0) continue;
    const s: Scored<T> = { member, labelsToAdd, met, rank, distance };
    if (worst && better(s, worst) > 0) continue;
    top.push(s);
    top.sort(better);
    if (top.length > keep) top = top.slice(0, keep);
  }
  const refs = top.map((s) => ({ s, ref: pool.ref(s.member) })).filter((x): x is { s: Scored<T>; ref: TargetRef } => !!x.ref);
  refs.sort((a, b) => better(a.s, b.s) || (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0) || (a.ref.uri < b.ref.uri ? -1 : 1));
  return refs.slice(0, MAX_CANDIDATES).map(({ s, ref }) => ({ ...ref, labelsToAdd: s.labelsToAdd }));
}

/** True when the scalar starting at `start` carries an anchor (`&name` before it). */
export function isAnchoredAt(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 200), start);
  return /&[^\s,\[\]{}]+\s+(![^\s]*\s+)?$/.test(before);
}
