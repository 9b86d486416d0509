// Quick fixes of the "matches nothing" diagnostics: add the missing labels to
// one of the closest workloads (or Namespaces), or change the selector to
// the nearest existing label. The client's diagnostic may be from an older
// version of the document (it shows the old ones during the debounce): its
// offsets are never used. The finding is re-derived from the current text
// and index, each fix is verified on the text it will be applied to, and the
// edits are versioned so that a client refuses them if the document moved on.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic } from 'vscode-languageserver/node';
import { currentFindings, matchFindingByData, matchSelectorFinding } from '../core/edits/currentFinding';
import { PEER_FIX_RULES, peerQuickFixes } from '../core/edits/peerFixes';
import { QuickFix, selectorQuickFixes } from '../core/edits/selectorFixes';
import type { Finding } from '../core/findings';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { FixTargets } from './codeActionTargets';
import type { Workspace } from './workspace';

const SELECTOR_RULES: readonly string[] = ['netpol/selector-matches-nothing', 'netpol/namespace-selector-matches-nothing'];
export const FIXABLE_RULES: readonly string[] = [...SELECTOR_RULES, ...PEER_FIX_RULES];

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
      const rule = String(diagnostic.code);
      let fixes: QuickFix[] = [];
      if (SELECTOR_RULES.includes(rule)) {
        const data = matchSelectorFinding(current, uri, rule, diagnostic.data, at);
        if (data) fixes = selectorQuickFixes(index, data);
      } else {
        const data = matchFindingByData(current, uri, rule, diagnostic.data);
        if (data) fixes = peerQuickFixes(index, rule, data);
      }
      for (const fix of fixes) {
        const edit = targets.verifiedEdit(fix);
        if (edit) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic as Diagnostic], edit, isPreferred: fix.isPreferred });
      }
    }
    return out;
  }
}
