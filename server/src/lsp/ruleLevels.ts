// Per-rule severity overrides from `netpol.rules`; the pure part lives in the
// core, shared with the CLI.
export { applyRuleLevels } from '../core/ruleLevels';
