// The outline of a YAML file: one symbol per Kubernetes object, named by kind
// and name, with its namespace as detail.
import { DocumentSymbol, DocumentSymbolParams, SymbolKind } from '../lsp/protocol';
import type { K8sObject } from '../core/model/types';
import { isNamespace, isNetworkPolicy, isWorkload } from '../core/model/types';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import type { Workspace } from './workspace';

function symbolKind(o: K8sObject): SymbolKind {
  if (isNetworkPolicy(o)) return SymbolKind.Interface;
  if (isWorkload(o)) return SymbolKind.Class;
  if (isNamespace(o)) return SymbolKind.Namespace;
  return SymbolKind.Object;
}

export class DocumentSymbolsFeature implements Feature {
  readonly name = 'document symbols';

  constructor(private readonly workspace: Workspace) {}

  capabilities() {
    return { documentSymbolProvider: { label: 'Kubernetes objects' } };
  }

  register(session: Session): void {
    this.workspace.attach(session);
    session.connection.onDocumentSymbol(
      session.guard('document symbols', null, async ({ textDocument: { uri } }: DocumentSymbolParams) => {
        const doc = session.documents.get(uri);
        if (!doc || !session.isAnalysed(doc)) return null;
        const analysis = await session.analyzeAsync(doc);
        const { lines } = analysis.parsed;
        const index = this.workspace.index();
        return analysis.objects.map((o): DocumentSymbol => {
          const name = o.metadata.name?.value;
          const range = lines.rangeOf(o.range);
          const selectionRange = lines.rangeOf(o.metadata.name?.range ?? o.kindRange);
          const namespace = isNamespace(o) ? undefined : index.namespaceFor(uri, o);
          const symbol: DocumentSymbol = { name: `${o.kind} ${name || '(unnamed)'}`, kind: symbolKind(o), range, selectionRange };
          if (namespace) symbol.detail = `namespace ${namespace}`;
          return symbol;
        });
      }),
    );
  }
}
