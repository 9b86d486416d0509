// Completion inside selectors: label keys, then values, that exist in the
// workspace for the namespaces the selector looks at; namespace labels in
// namespaceSelectors; operators in matchExpressions.
import { CompletionItem, CompletionItemKind, CompletionList, CompletionParams } from '../lsp/protocol';
import { completionAt, CompletionContextKind } from '../core/index/features';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { offsetIn, rangeIn } from './indexPositions';
import type { Workspace } from './workspace';

const ITEM_KIND: Record<CompletionContextKind, CompletionItemKind> = {
  podLabelKey: CompletionItemKind.Property,
  namespaceLabelKey: CompletionItemKind.Property,
  podLabelValue: CompletionItemKind.Value,
  namespaceLabelValue: CompletionItemKind.Value,
  operator: CompletionItemKind.Operator,
};

export class CompletionFeature implements Feature {
  readonly name = 'completion';

  constructor(private readonly workspace: Workspace) {}

  capabilities() {
    return { completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false } };
  }

  register(session: Session): void {
    this.workspace.attach(session);
    session.connection.onCompletion(session.guard('completion', null, (p: CompletionParams) => this.complete(p)));
  }

  private complete({ textDocument: { uri }, position }: CompletionParams): CompletionList | null {
    const index = this.workspace.index();
    const offset = offsetIn(index, uri, position);
    if (offset === undefined) return null;
    const data = completionAt(index, uri, offset);
    const range = data && rangeIn(index, uri, data.replace);
    if (!data || !range) return null;
    const text = index.getFile(uri)!.text;
    // Right after `key:` a value needs its space (`app:backend` would be one plain scalar).
    const lead = data.replace.start > 0 && text[data.replace.start - 1] === ':' ? ' ' : '';
    const width = String(data.items.length).length;
    const items = data.items.map(
      (c, i): CompletionItem => ({
        label: c.label,
        kind: ITEM_KIND[data.context],
        detail: c.detail,
        // The core's order (most used first) is the order shown.
        sortText: String(i).padStart(width, '0'),
        filterText: lead + c.label,
        textEdit: { range, newText: lead + c.insertText },
      }),
    );
    return { isIncomplete: data.isIncomplete, items };
  }
}
