// A quick fix is asked for with the diagnostic the client holds, which may
// belong to an older version of the file (clients show the old diagnostics
// during the debounce). Its offsets mean nothing in the current text, so the
// finding is re-derived: the check runs again on the current index, and the
// client's finding is matched to a current one by what it is about (rule,
// policy, selector path, failing requirement), never by where it was.
import type { SelectorFindingData } from '../checks/unmatchedSelector';
import { isPolicyFixData, PolicyFixData } from '../checks/policyFixData';
import { isServicePortFindingData, SERVICE_PORT_RULE, ServicePortFindingData } from '../checks/servicePortNotPodPort';
import { runIndexChecks } from '../checks';
import type { Finding, OffsetRange } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { applySuppressions } from '../suppressions';

export function isSelectorFindingData(data: unknown): data is SelectorFindingData {
  const d = data as SelectorFindingData | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.candidates) &&
    typeof d.policy === 'object' &&
    d.policy !== null &&
    typeof d.selectorPath === 'string' &&
    (d.failing === null || (typeof d.failing === 'object' && typeof d.failing.key === 'string' && Array.isArray(d.failing.values)))
  );
}

/** The findings the file shows now for these rules (disable comments honoured). */
export function currentFindings(index: WorkspaceIndex, uri: string, ruleIds: readonly string[]): Finding[] {
  const file = index.getFile(uri);
  if (!file) return [];
  const findings = runIndexChecks(index, uri, (id) => ruleIds.includes(id));
  return applySuppressions(findings, file.text, file.analysis.parsed.lines);
}

/** What a finding is about, independent of offsets. */
function identity(ruleId: string, d: SelectorFindingData): string {
  const failing = d.failing && [d.failing.key, d.failing.operator, [...d.failing.values].sort()];
  return JSON.stringify([ruleId, d.policy.uri, d.policy.name, d.policy.namespace, d.target, d.selectorPath, failing]);
}

/**
 * The current finding that is the same as the client's (`data` from a
 * diagnostic of `ruleId` in `uri`), or undefined when none is (or several are
 * and `at`, the client's range read in the current text, picks none).
 */
export function matchSelectorFinding(current: readonly Finding[], uri: string, ruleId: string, data: unknown, at?: OffsetRange): SelectorFindingData | undefined {
  if (!isSelectorFindingData(data) || data.policy.uri !== uri) return undefined;
  const wanted = identity(ruleId, data);
  const same = current.filter((f) => f.ruleId === ruleId && isSelectorFindingData(f.data) && identity(ruleId, f.data) === wanted);
  if (same.length === 1) return same[0].data as SelectorFindingData;
  // The same requirement twice in one selector (matchLabels and matchExpressions): only the range tells.
  const here = at ? same.filter((f) => f.range.start === at.start && f.range.end === at.end) : [];
  return here.length === 1 ? (here[0].data as SelectorFindingData) : undefined;
}

/** The current finding of `ruleId` about the same node of the same policy, asking for the same fix (PolicyFixData). */
export function matchPolicyFinding(current: readonly Finding[], uri: string, ruleId: string, data: unknown): PolicyFixData | undefined {
  if (!isPolicyFixData(data) || data.policy.uri !== uri) return undefined;
  const key = (d: PolicyFixData) => JSON.stringify([d.policy.uri, d.policy.name, d.policy.namespace, d.path, d.fix]);
  const same = current.filter((f) => f.ruleId === ruleId && isPolicyFixData(f.data) && key(f.data) === key(data));
  return same.length === 1 ? (same[0].data as PolicyFixData) : undefined;
}

/** The current service-port finding about the same rule port of the same policy as the client's, if any. */
export function matchServicePortFinding(current: readonly Finding[], uri: string, data: unknown): ServicePortFindingData | undefined {
  if (!isServicePortFindingData(data) || data.policy.uri !== uri) return undefined;
  const key = (d: ServicePortFindingData) => JSON.stringify([d.policy.uri, d.policy.name, d.policy.namespace, d.portPath, d.from]);
  const same = current.filter((f) => f.ruleId === SERVICE_PORT_RULE && isServicePortFindingData(f.data) && key(f.data) === key(data));
  return same.length === 1 ? (same[0].data as ServicePortFindingData) : undefined;
}

/**
 * For rules whose data names what the finding is about and holds no offsets
 * (the lints' data: policy, paths, namespaces): the current finding with the
 * same rule and the same data.
 */
export function matchFindingByData(current: readonly Finding[], uri: string, ruleId: string, data: unknown): unknown {
  const d = data as { policy?: { uri?: unknown } } | undefined;
  if (typeof d !== 'object' || d === null || d.policy?.uri !== uri) return undefined;
  const wanted = JSON.stringify(data);
  const same = current.filter((f) => f.ruleId === ruleId && JSON.stringify(f.data) === wanted);
  return same.length >= 1 ? same[0].data : undefined;
}
