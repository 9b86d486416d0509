// Severity order and the `--fail-on` threshold.
import type { Severity } from '../core/findings';

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

export type FailOn = 'error' | 'warning' | 'never';
export const FAIL_ON_CHOICES: readonly FailOn[] = ['error', 'warning', 'never'];

/** True when a finding of this severity makes `check` exit with EXIT_FINDINGS. */
export function failsAt(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}
