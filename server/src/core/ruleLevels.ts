// Per-rule severity overrides (`rules:` in .netpol.yaml, `netpol.rules` in the
// editor): a rule can be switched off or given another severity. Shared by the
// CLI and the server, so both report the same findings.
import type { Finding } from './findings';
import type { RuleLevel } from './config/types';

export function applyRuleLevels(findings: Finding[], rules: Readonly<Record<string, RuleLevel>>): Finding[] {
  if (Object.keys(rules).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const level = rules[f.ruleId];
    if (level === undefined) out.push(f);
    else if (level !== 'off') out.push(level === f.severity ? f : { ...f, severity: level });
  }
  return out;
}
