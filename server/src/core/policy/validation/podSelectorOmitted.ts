// netpol/podselector-omitted: spec.podSelector absent or null. The API server
// accepts it and stores `{}`, every pod of the namespace (podSelector is
// optional; only the docs and kubectl's old client-side schema said
// required), so it is a warning: selecting everything silently is rarely meant.
import type { NetworkPolicy } from '../../model/types';
import type { Report } from './report';

const CONSEQUENCE = 'the policy selects every pod in its namespace, as podSelector: {} would; kubectl before 1.34 refuses it';

export function checkPodSelectorOmitted(policy: NetworkPolicy, report: Report): void {
  const sel = policy.podSelector;
  if (!sel?.omitted) return;
  // Absent: on the `spec` key (or `kind` without a spec); null: on the `null`, or the key when nothing is written.
  const at = sel.range.end > sel.range.start ? sel.range : sel.keyRange;
  report.warning('netpol/podselector-omitted', `spec.podSelector is ${sel.omitted === 'null' ? 'null' : 'omitted'}: ${CONSEQUENCE}`, at);
}
