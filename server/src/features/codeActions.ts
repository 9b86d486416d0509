// Quick fixes of the "matches nothing" diagnostics: add the missing labels to
// one of the closest workloads (or Namespaces), or change the selector to
// the nearest existing label; and of the lints that edit the policy itself
// (add to policyTypes, add a UDP entry for a DNS port). The client's diagnostic may be from an older
// version of the document (it shows the old ones during the debounce): its
// offsets are never used. The finding is re-derived from the current text
// and index, each fix is verified on the text it will be applied to, and the
// edits are versioned so that a client refuses them if the document moved on.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic } from '../lsp/protocol';
import { currentFindings, matchFindingByData, matchPolicyFinding, matchSelectorFinding, matchServicePortFinding } from '../core/edits/currentFinding';
import { policyQuickFixes } from '../core/edits/policyFixes';
import { QuickFix, selectorQuickFixes } from '../core/edits/selectorFixes';
import { servicePortQuickFix } from '../core/edits/servicePortFix';
import { SERVICE_PORT_RULE } from '../core/checks/servicePortNotPodPort';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { OffsetRange } from '../core/findings';
import { PEER_FIX_RULES, peerQuickFixes } from '../core/edits/peerFixes';
import type { Finding } from '../core/findings';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { FixTargets } from './codeActionTargets';
import type { Workspace } from './workspace';

const SELECTOR_RULES: readonly string[] = ['netpol/selector-matches-nothing', 'netpol/namespace-selector-matches-nothing'];
/** Rules whose fix edits the policy itself (PolicyFixData). */
const POLICY_RULES: readonly string[] = ['netpol/ignored-rules', 'netpol/egress-only-denies-ingress', 'netpol/empty-egress-ignored', 'netpol/dns-port-without-udp'];
export const FIXABLE_RULES: readonly string[] = [...SELECTOR_RULES, ...POLICY_RULES, SERVICE_PORT_RULE, ...PEER_FIX_RULES];

export class CodeActionsFeature implements Feature {
  readonly name = 'code actions';
  private session!: Session;

  constructor(private readonly workspace: Workspace) {}

  capabilities() {
    return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false } };
  }

  register(session: Session): void {
    this.session = session;
    this.workspace.attach(session);
    session.connection.onCodeAction(session.guard('code actions', null, (p: CodeActionParams) => this.actions(p)));
  }

  /** Synchronous on purpose: no document change can come in between reading the text and answering. */
  private actions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
    const uri = params.textDocument.uri;
    const asked = params.context.diagnostics.filter((d) => FIXABLE_RULES.includes(String(d.code)));
    const indexer = this.workspace.indexer;
    if (asked.length === 0 || !indexer.hasIndexed) return [];
    const index = indexer.current();
    const targets = new FixTargets(this.session, index);
    const policyFile = targets.textFor(uri);
    // The index must hold the version the request is about.
    if (!policyFile) return [];
    const rules = this.session.settings.rules;
    let current: Finding[] | undefined;
    const out: CodeAction[] = [];
    for (const diagnostic of asked) {
      current ??= currentFindings(index, uri, FIXABLE_RULES.filter((id) => rules[id] !== 'off'));
      const lines = index.getFile(uri)!.analysis.parsed.lines;
      const at = { start: lines.offsetAt(diagnostic.range.start), end: lines.offsetAt(diagnostic.range.end) };
      for (const fix of fixesFor(index, current, uri, String(diagnostic.code), diagnostic.data, at)) {
        const edit = targets.verifiedEdit(fix);
        if (edit) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic as Diagnostic], edit, isPreferred: fix.isPreferred });
      }
    }
    return out;
  }
}

/** The fixes of one client diagnostic, re-derived on the current findings. */
function fixesFor(index: WorkspaceIndex, current: readonly Finding[], uri: string, ruleId: string, data: unknown, at: OffsetRange): QuickFix[] {
  if (ruleId === SERVICE_PORT_RULE) {
    const d = matchServicePortFinding(current, uri, data);
    const fix = d && servicePortQuickFix(index, d);
    return fix ? [fix] : [];
  }
  if (PEER_FIX_RULES.includes(ruleId)) {
    const d = matchFindingByData(current, uri, ruleId, data);
    return d ? peerQuickFixes(index, ruleId, d) : [];
  }
  if (POLICY_RULES.includes(ruleId)) {
    const d = matchPolicyFinding(current, uri, ruleId, data);
    return d ? policyQuickFixes(index, d) : [];
  }
  const d = matchSelectorFinding(current, uri, ruleId, data, at);
  return d ? selectorQuickFixes(index, d) : [];
}
