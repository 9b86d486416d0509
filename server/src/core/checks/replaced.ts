// "One finding per mistake": where a specific rule and a general one report
// the same node, only the specific one stays (IndexCheck.replaces).
import type { Finding } from '../findings';
import type { IndexCheck } from './check';

export function dropReplaced(findings: Finding[], checks: readonly IndexCheck[]): Finding[] {
  const replacedBy = new Map<string, string[]>();
  for (const c of checks) for (const r of c.replaces ?? []) replacedBy.set(r, [...(replacedBy.get(r) ?? []), c.id]);
  if (replacedBy.size === 0) return findings;
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  return findings.filter((f) => {
    const specific = replacedBy.get(f.ruleId);
    if (!specific) return true;
    return !specific.some((id) => (byRule.get(id) ?? []).some((s) => overlaps(s, f)));
  });
}

function overlaps(a: Finding, b: Finding): boolean {
  if (a.range.start === a.range.end || b.range.start === b.range.end) return a.range.start === b.range.start;
  return a.range.start < b.range.end && b.range.start < a.range.end;
}
