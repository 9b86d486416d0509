// Where each rule's documentation lives: docs/rules/<id>.md in the
// repository named by package.json, so diagnostics (codeDescription) and
// SARIF (helpUri) link to the same page.
import manifest from '../../../package.json';

interface Manifest {
  repository?: string | { url?: string };
}

const repository = (manifest as Manifest).repository;
const REPOSITORY_URL = (typeof repository === 'string' ? repository : repository?.url ?? 'https://github.com/netpol-inspector/netpol-inspector')
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

/** `netpol/duplicate-policy` -> `duplicate-policy`: the doc's file name. */
export function ruleDocName(ruleId: string): string {
  return ruleId.startsWith('netpol/') ? ruleId.slice('netpol/'.length) : ruleId;
}

/** The rule's page, for the tool's own rule ids; undefined for others. */
export function ruleDocUrl(ruleId: string): string | undefined {
  if (!/^netpol\/[a-z0-9-]+$/.test(ruleId)) return undefined;
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleDocName(ruleId)}.md`;
}
