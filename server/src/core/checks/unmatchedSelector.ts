// Shared by the two "matches nothing" rules: given a selector that selects
// nothing from a pool (workloads of some namespaces, or namespaces), find the
// requirements that fail on their own, word the finding with the nearest
// existing label, and attach the data the quick fixes need.
// In two steps: `judgeUnmatched` looks at the pool only (its verdict holds
// no pool objects and no positions, so it can be cached per selector), and
// `renderUnmatched` turns a verdict into findings on one policy's text.
import { finding, Finding, OffsetRange, Severity } from '../findings';
import type { IndexedPolicy } from '../index/types';
import type { LabelSelector } from '../model/types';
import { describeSelector, Labels, matches, Requirement } from '../policy/labelSelector';
import { existingValues, LabelScope, LabelSuggestion, membersWithKey, suggestLabel } from '../policy/suggest';
import { formatScalar, formatScalarLike } from '../edits/yamlScalar';
import { LocatedRequirement, locatedRequirements } from './locatedRequirements';
import { addLabelCandidates, AddLabelCandidate } from './addLabelCandidates';
import { firstByName, Named } from './firstByName';

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
  /** The closest objects (up to 3, never cluster-model ones) that would match the whole selector once `labelsToAdd` are set. */
  candidates: (TargetRef & { labelsToAdd: LabelToAdd[] })[];
  /** The nearest existing label, with the edit of the policy file that switches the selector to it. */
  suggestion?: LabelKV & {
    /** Some of the objects that carry the suggested label (at most 3). */
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
  /** Objects the selector is evaluated against (candidates for "add label"; read lazily, not to the end). */
  members(): Iterable<T>;
  labelsOf(m: T): Labels;
  describe(m: T): string;
  /** `undefined` when the object cannot be edited (a namespace no file defines, a cluster-model workload). */
  ref(m: T): TargetRef | undefined;
  /** Sort key for candidates: lower first (e.g. 0 = the policy's own namespace); a scope's members rank as the scope does (`LabelScope.rank`), which the candidate search relies on to skip labels. */
  rank(m: T): number;
}

/** Failing requirements of one selector that get a did-you-mean search. */
const MAX_SEARCHED = 10;

/** Objects named in a message (`Deployment a, Deployment b` or `Deployment a and 4 more`) and kept in data. */
const NAMED_MEMBERS = 3;

/** What was found for one requirement that fails on its own, without positions. */
export interface RequirementVerdict {
  /** Position in the selector's requirements (as `locatedRequirements` lists them). */
  index: number;
  /** `has app=backnd; did you mean app=backend (Deployment backend)?` */
  text: string;
  /** The nearest label, when one is suggested. */
  near?: {
    key: string;
    value: string;
    how: LabelSuggestion<unknown>['how'];
    /** The wanted value it is near (`In`); `undefined` for `Exists`. */
    wanted?: string;
    members: TargetRef[];
  };
}

/** A selector that matches nothing, judged against a pool; holds no pool objects. */
export interface UnmatchedVerdict {
  /** Empty when each requirement matches something, only not together. */
  failing: RequirementVerdict[];
  /** For the combination case: `app=a, tier=b together; closest: ...`. */
  combinationText: string;
  candidates: AddLabelCandidate[];
}

export function unmatchedSelectorFindings<T>(ruleId: string, severity: Severity, policy: IndexedPolicy, policyText: string, sel: LabelSelector, pool: SelectorPool<T>): Finding[] {
  const reqs = locatedRequirements(sel);
  if (!reqs) return [];
  const verdict = judgeUnmatched(reqs.map((r) => r.requirement), pool);
  return renderUnmatched(ruleId, severity, pool, policy, policyText, sel, reqs, verdict);
}

/** The pool-side work: which requirements fail alone, the nearest labels, the candidates. */
export function judgeUnmatched<T>(reqs: readonly Requirement[], pool: SelectorPool<T>): UnmatchedVerdict {
  const candidates = addLabelCandidates(reqs, pool);
  const failing: RequirementVerdict[] = [];
  reqs.forEach((r, index) => {
    if (matchedAlone(r, pool)) return;
    // A selector with hundreds of failing requirements is not a typo: name the nearest labels of the first few only.
    failing.push({ index, ...(failing.length < MAX_SEARCHED ? describeFailure(r, pool) : { text: `has ${describeSelector([r])}` }) });
  });
  const closest = candidates[0];
  const hint = closest ? `; closest: ${closest.kind === 'Namespace' ? 'namespace' : closest.kind} ${closest.name} (missing ${closest.labelsToAdd.map(kv).join(', ')})` : '';
  return { failing, combinationText: `has ${describeSelector(reqs)} together${hint}`, candidates };
}

/** Findings of a verdict on one policy: ranges, and the edits of its text. */
export function renderUnmatched(
  ruleId: string,
  severity: Severity,
  pool: Pick<SelectorPool<unknown>, 'target' | 'where'>,
  policy: IndexedPolicy,
  policyText: string,
  sel: LabelSelector,
  reqs: readonly LocatedRequirement[],
  verdict: UnmatchedVerdict,
): Finding[] {
  const noun = pool.target === 'pod' ? 'workload' : 'namespace';
  const base = { target: pool.target, policy: { uri: policy.uri, name: policy.name, namespace: policy.namespace }, selectorPath: sel.path };
  if (verdict.failing.length === 0) {
    const data: SelectorFindingData = { ...base, failing: null, missingLabels: [], candidates: verdict.candidates };
    return [finding(ruleId, severity, `no ${noun}${sp(pool.where)} ${verdict.combinationText}`, sel.keyRange, data)];
  }
  const file = { uri: policy.uri, text: policyText };
  return verdict.failing.map((v) => {
    const r = reqs[v.index];
    const req = r.requirement;
    const suggestion = v.near && suggestionEdit(v.near, r, file);
    const data: SelectorFindingData = {
      ...base,
      failing: { key: req.key, operator: req.op, values: 'values' in req ? [...req.values] : [] },
      missingLabels: req.op === 'In' && req.values.size === 1 ? [{ key: req.key, value: [...req.values][0] }] : [],
      candidates: verdict.candidates,
      ...(suggestion ? { suggestion } : {}),
    };
    return finding(ruleId, severity, `no ${noun}${sp(pool.where)} ${v.text}`, r.range, data);
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

function describeFailure<T>(req: Requirement, pool: SelectorPool<T>): Omit<RequirementVerdict, 'index'> {
  switch (req.op) {
    case 'NotIn':
      return { text: `has ${describeSelector([req])}` };
    case 'DoesNotExist':
      return { text: `lacks label ${req.key}` };
    case 'Exists': {
      const s = suggestLabel(req.key, undefined, pool.scopes, () => pool.others);
      if (s?.how === 'key') {
        // Exists asks for the key only: name everything that has the suggested key.
        const withKey = { ...s, ...membersWithKey(pool.scopes, s.key) };
        const named = nameSample(withKey.members, pool);
        return { text: `has label ${req.key}; did you mean ${s.key} (${memberNames(named, withKey.count)})?`, near: near(withKey, named, undefined, pool) };
      }
      return { text: `has label ${req.key}${elsewhere(s, pool)}` };
    }
    case 'In': {
      const wanted = describeSelector([req]);
      for (const value of req.values) {
        const s = suggestLabel(req.key, value, pool.scopes, () => pool.others);
        if (s && s.how !== 'elsewhere') {
          const named = nameSample(s.members, pool);
          return { text: `has ${wanted}; did you mean ${s.key}=${s.value} (${memberNames(named, s.count)})?`, near: near(s, named, value, pool) };
        }
        if (s) return { text: `has ${wanted}${elsewhere(s, pool)}` };
      }
      const values = existingValues(pool.scopes, req.key);
      return { text: `has ${wanted}${values.length ? `; existing values: ${values.map((v) => `${req.key}=${v}`).join(', ')}` : ''}` };
    }
  }
}

/** The sample with its names, made once: the message and the fix both pick from them (up to MEMBER_SAMPLE each). */
function nameSample<T>(members: T[], pool: SelectorPool<T>): Named<T>[] {
  return members.map((item) => ({ item, name: pool.describe(item) }));
}

function near<T>(s: LabelSuggestion<T>, named: Named<T>[], wanted: string | undefined, pool: SelectorPool<T>): RequirementVerdict['near'] {
  const editable = named.map((x) => ({ name: x.name, ref: pool.ref(x.item) })).filter((x): x is { name: string; ref: TargetRef } => !!x.ref);
  const refs = firstByName(editable, (x) => x.name, NAMED_MEMBERS).map((x) => x.item.ref);
  return { key: s.key, value: s.value, how: s.how, ...(wanted !== undefined ? { wanted } : {}), members: refs };
}

/** The edit of the policy that switches the failing requirement to the nearest label; none on anchored text. */
function suggestionEdit(n: NonNullable<RequirementVerdict['near']>, r: LocatedRequirement, file: PolicyFile): SelectorFindingData['suggestion'] {
  const req = r.requirement;
  const base = { key: n.key, value: n.value, members: n.members };
  if (req.op === 'Exists') return replaceWith(base, file, r.keyRange, n.key);
  const at = r.valueRanges.find((v) => v.value === n.wanted);
  if (!at) return undefined;
  if (n.how === 'value') return replaceWith(base, file, at.range, n.value);
  // A near key: switch the key, and the value when it differs too.
  if (isAnchoredAt(file.text, at.range.start) || isAnchoredAt(file.text, r.keyRange.start)) return undefined;
  if (r.source === 'matchLabels' && n.value !== at.value) {
    return { ...base, replace: { uri: file.uri, range: r.range, newText: `${formatScalar(n.key)}: ${formatScalarLike(n.value, file.text.slice(at.range.start, at.range.end))}` } };
  }
  return replaceWith(base, file, r.keyRange, n.key);
}

function elsewhere<T>(s: LabelSuggestion<T> | undefined, pool: SelectorPool<T>): string {
  if (!s || s.how !== 'elsewhere') return '';
  return `; ${s.key}=${s.value} exists in namespace ${s.scope} (${memberNames(nameSample(s.members, pool), s.count)})`;
}

/** `Deployment a, Deployment b`, or `Deployment a and 4 more`: the first of the sample by name, the count exact. */
function memberNames<T>(named: Named<T>[], count: number): string {
  // Only the names shown are picked out of the sample (up to MEMBER_SAMPLE): a sort of all of them per suggestion costs more than the search.
  const names = firstByName(named, (x) => x.name, count <= 2 ? named.length : 1).map((x) => x.name);
  return count <= 2 ? names.join(', ') : `${names[0]} and ${count - 1} more`;
}

/** The edit that replaces a key or a value at `range` with `newValue`, keeping its quoting. */
function replaceWith(base: Omit<NonNullable<SelectorFindingData['suggestion']>, 'replace'>, file: PolicyFile, range: OffsetRange, newValue: string): SelectorFindingData['suggestion'] {
  // An anchored value (`&a backnd`) is shared with its aliases: editing it would change them too.
  if (isAnchoredAt(file.text, range.start)) return undefined;
  return { ...base, replace: { uri: file.uri, range, newText: formatScalarLike(newValue, file.text.slice(range.start, range.end)) } };
}

/**
 * Whether one requirement alone matches something, from the label tables:
 * In and Exists by lookup; NotIn and DoesNotExist by the key's values and
 * the scope's member count when known (else the first members).
 */
function matchedAlone<T>(r: Requirement, pool: SelectorPool<T>): boolean {
  if (r.op === 'In') return pool.scopes.some((s) => [...r.values].some((v) => s.table.members(r.key, v).size > 0));
  if (r.op === 'Exists') return pool.scopes.some((s) => s.table.hasKey(r.key));
  for (const s of pool.scopes) {
    if (s.count === undefined) continue;
    let withKey = 0;
    for (const [v, members] of s.table.values(r.key)) {
      if (r.op === 'NotIn' && !r.values.has(v)) return true;
      withKey += members.size;
    }
    if (withKey < s.count) return true;
  }
  if (pool.scopes.every((s) => s.count !== undefined)) return false;
  for (const m of pool.members()) if (matches([r], pool.labelsOf(m))) return true;
  return false;
}

/** True when the scalar starting at `start` carries an anchor (`&name` before it). */
export function isAnchoredAt(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 200), start);
  return /&[^\s,\[\]{}]+\s+(![^\s]*\s+)?$/.test(before);
}
