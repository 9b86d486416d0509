// netpol/redundant-rule: a rule whose peers and ports are all within another
// rule of the same policy and direction, so deleting it changes nothing.
// Proved (ruleContainment.ts), never guessed. Not for directions with an
// allow-all rule (`- {}`): netpol/allow-all-shadows speaks of those, and
// every other rule there would be "redundant". Of two identical rules, the
// later one is reported.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Direction } from '../model/types';
import { lineEndAt } from '../edits/text';
import type { IndexCheck } from './check';
import { effectiveTypes, lower, rulesOf } from './policyFacts';
import { ruleShape, ruleWithin, RuleShape } from './ruleContainment';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/redundant-rule';
const SEVERITY = 'information' as const;
/** Rules per direction compared pairwise; beyond, the policy is generated and not ours to tidy. */
const MAX_RULES = 100;

export const redundantRule: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'A rule whose peers and ports are all within another rule of the same policy and direction. ' +
    'It allows nothing more, and deleting it changes nothing (often a copy left behind, or a narrower rule kept after a wider one was added). ' +
    'Only proved containment is reported; directions with an allow-all rule (- {}) are left to allow-all-shadows.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const text = index.getFile(uri)?.text ?? '';
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      const types = effectiveTypes(p);
      for (const d of ['Ingress', 'Egress'] as Direction[]) {
        const rules = rulesOf(p.policy, d)?.items ?? [];
        if (!types[d] || rules.length < 2 || rules.length > MAX_RULES) continue;
        const shapes = rules.map(ruleShape);
        if (shapes.some((s) => s !== undefined && s.peers === null && s.ports === null)) continue;
        shapes.forEach((a, i) => {
          if (!a) return;
          const j = shapes.findIndex((b, k) => k !== i && b !== undefined && ruleWithin(a, b) && (k < i || !ruleWithin(b as RuleShape, a)));
          if (j < 0) return;
          const rule = rules[i];
          const other = rules[j];
          const start = rule.range.start;
          out.push({
            ruleId: CHECK_ID,
            severity: SEVERITY,
            message:
              `this ${lower(d)} rule (${rule.path}) is redundant: ${other.path} of policy ${p.name} already allows all its peers on all its ports; ` +
              `delete it, or change it if it was meant to allow something else`,
            range: { start, end: Math.max(start, Math.min(rule.range.end, lineEndAt(text, start))) },
            data: { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, rulePath: rule.path, coveredBy: other.path },
            related: [{ uri: p.uri, range: other.range, message: `${other.path} covers it` }],
          });
        });
      }
    }
    return out;
  },
};
