// The workspace checks, in the order their findings are listed.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { IndexCheck } from './check';
import { namespaceHasNoWorkloads } from './namespaceHasNoWorkloads';
import { namespaceSelectorMatchesNothing } from './namespaceSelectorMatchesNothing';
import { selectorMatchesNothing } from './selectorMatchesNothing';

export type { IndexCheck } from './check';

export const INDEX_CHECKS: readonly IndexCheck[] = [selectorMatchesNothing, namespaceSelectorMatchesNothing, namespaceHasNoWorkloads];

/**
 * Runs the workspace checks on one file's policies. `enabled(id)` lets the
 * caller switch rules off; severities are the defaults (map them outside).
 * Findings are sorted by position.
 */
export function runIndexChecks(index: WorkspaceIndex, uri: string, enabled: (ruleId: string) => boolean = () => true): Finding[] {
  const out: Finding[] = [];
  for (const check of INDEX_CHECKS) {
    if (!enabled(check.id)) continue;
    try {
      out.push(...check.run(index, uri));
    } catch (e) {
      // A bug in one rule must not hide the others' findings.
      out.push({ ruleId: 'netpol/internal-error', severity: 'warning', message: `${check.id} failed: ${(e as Error).message}`, range: { start: 0, end: 0 } });
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}
