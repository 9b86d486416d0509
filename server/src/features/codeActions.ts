// Quick fixes of the "matches nothing" diagnostics: add the missing labels to
// one of the closest workloads (or Namespaces), or change the selector to
// the nearest existing label. Edits are computed on the text the index holds
// for the target file, which is the open document's text when it is open.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { SelectorFindingData } from '../core/checks/unmatchedSelector';
import { QuickFix, selectorQuickFixes } from '../core/edits/selectorFixes';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { rangeIn } from './indexPositions';
import type { Workspace } from './workspace';

export const FIXABLE_RULES: readonly string[] = ['netpol/selector-matches-nothing', 'netpol/namespace-selector-matches-nothing'];

function isSelectorData(data: unknown): data is SelectorFindingData {
  const d = data as SelectorFindingData | undefined;
  return typeof d === 'object' && d !== null && Array.isArray(d.candidates) && typeof d.policy === 'object';
}

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

  private actions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
    const index = this.workspace.index();
    const out: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (!FIXABLE_RULES.includes(String(diagnostic.code)) || !isSelectorData(diagnostic.data)) continue;
      for (const fix of selectorQuickFixes(index, diagnostic.data)) {
        const edit = this.workspaceEdit(index, fix);
        if (edit) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic as Diagnostic], edit, isPreferred: fix.isPreferred });
      }
    }
    return out;
  }

  /** `documentChanges` with the version when the target is open and the client takes them, else `changes`. */
  private workspaceEdit(index: WorkspaceIndex, fix: QuickFix): WorkspaceEdit | undefined {
    const edits: TextEdit[] = [];
    for (const e of fix.edits) {
      const range = rangeIn(index, fix.uri, e.range);
      if (!range) return undefined;
      edits.push({ range, newText: e.newText });
    }
    const open = this.session.documents.get(fix.uri);
    if (open && this.session.clientCapabilities.workspace?.workspaceEdit?.documentChanges) {
      return { documentChanges: [TextDocumentEdit.create({ uri: fix.uri, version: open.version }, edits)] };
    }
    return { changes: { [fix.uri]: edits } };
  }
}
