// `netpol explain` for people: the verdict line, then one section per
// direction with isolation, the selecting policies and the rules, each with
// `file:line` so a terminal or editor can jump to it.
import type { DirectionView, ExplainView, LocationView, RuleView } from '../../core/policy/engine/explainView';

export function formatExplainText(view: ExplainView): string {
  const lines = [view.summary];
  // A denied probe: say what does get through, so the fix is obvious.
  if (view.port !== null && !view.allowed && view.allowedPorts !== 'none') lines.push(`  allowed between them: ${Array.isArray(view.allowedPorts) ? view.allowedPorts.join(', ') : 'every port'}`);
  // Ends that no file defines: say where they come from.
  if (view.cluster?.from !== undefined) lines.push(`  ${view.from} is in the cluster model (${view.cluster.from}), not in the files`);
  if (view.cluster?.to !== undefined && !view.loopback) lines.push(`  ${view.to} is in the cluster model (${view.cluster.to}), not in the files`);
  lines.push('');
  lines.push(...direction('egress', view.from, view.egress), '');
  lines.push(...direction('ingress', view.to, view.ingress));
  return lines.join('\n') + '\n';
}

function direction(word: string, self: string, d: DirectionView): string[] {
  const out = [`${word} of ${self}: ${d.allowed ? 'allowed' : 'denied'}`];
  if (!d.isolated || d.policies.length === 0) {
    // The engine's sentence says why nothing restricts it (no policy, loopback, outside the cluster).
    out.push(`  ${stripDirection(d.reason)}`);
    return out;
  }
  out.push(`  isolated by ${d.policies.map((p) => `${p.name}${where(p)}`).join(', ')}`);
  for (const r of d.allowedBy) out.push(`  allowed by ${ruleTitle(r)}: ${r.description}`);
  if (d.allowedBy.length === 0) out.push(`  ${noRuleSentence(d.reason)}`);
  for (const r of d.otherRules) out.push(`  ${ruleTitle(r)} allows ${r.description}; ${r.why ?? ''}`.trimEnd());
  if (d.allowedBy.length === 0 && d.otherRules.length === 0) out.push(`  (the selecting policies have no ${word} rules: they deny all ${word})`);
  return out;
}

function ruleTitle(r: RuleView): string {
  return `${r.rule} of ${r.policy}${where(r)}`;
}

function where(l: LocationView): string {
  return l.file !== undefined && l.line !== undefined ? ` (${l.file}:${l.line})` : '';
}

/** `ingress: shop/db is ...` -> `shop/db is ...`: the section title already names the direction. */
function stripDirection(reason: string): string {
  return reason.replace(/^(ingress|egress): /, '');
}

/** The `no rule allows ...` clause of the engine's reason, without its near-miss hint (listed rule by rule below). */
function noRuleSentence(reason: string): string {
  const text = stripDirection(reason);
  const i = text.indexOf('; no rule allows ');
  const clause = i >= 0 ? text.slice(i + 2) : text;
  return clause.replace(/ \(.*\)$/, '');
}
