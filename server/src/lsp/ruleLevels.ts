// Per-rule severity overrides from `netpol.rules`: a rule can be switched off
// or given another severity, so users can silence noise they do not want.
import type { Finding } from '../core/findings';
import type { RuleLevel } from './settings';

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
