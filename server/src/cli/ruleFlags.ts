// `--rule <id>=<level>` (repeatable): a rule's severity or `off` for one run,
// over the config file's `rules:`. Ids may be bare (`dns-egress-blocked`),
// as everywhere users type them.
import { InvalidArgumentError } from 'commander';
import { RULE_LEVELS } from '../core/config/parse';
import type { RuleLevel } from '../core/config/types';
import { qualifyRuleId } from '../core/suppressions';

/** Commander's argument parser: adds one `id=level` to the list so far. */
export function collectRuleFlag(value: string, previous: Record<string, RuleLevel> = {}): Record<string, RuleLevel> {
  const at = value.lastIndexOf('=');
  const id = at > 0 ? value.slice(0, at).trim() : '';
  const level = at > 0 ? value.slice(at + 1).trim().toLowerCase() : '';
  if (id === '' || !RULE_LEVELS.includes(level as RuleLevel)) {
    throw new InvalidArgumentError(`expected <rule-id>=<level> with a level among ${RULE_LEVELS.join(', ')}, e.g. workload-not-isolated=warning`);
  }
  return { ...previous, [qualifyRuleId(id)]: level as RuleLevel };
}
