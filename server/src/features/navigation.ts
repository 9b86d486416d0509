// Go to definition from a selector to what it selects (workloads, or the
// Namespace objects of a namespaceSelector); find references from a
// workload (or Namespace) to the selectors that select it.
import type { DefinitionParams, Location, LocationLink, ReferenceParams } from 'vscode-languageserver/node';
import { definitionsAt, referencesAt } from '../core/index/features';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { locationIn, offsetIn, rangeIn } from './indexPositions';
import type { Workspace } from './workspace';

export class NavigationFeature implements Feature {
  readonly name = 'navigation';

  constructor(private readonly workspace: Workspace) {}

  capabilities() {
    return { definitionProvider: true, referencesProvider: true };
  }

  register(session: Session): void {
    this.workspace.attach(session);
    const linkSupport = () => session.clientCapabilities.textDocument?.definition?.linkSupport === true;
    session.connection.onDefinition(session.guard('definition', null, (p: DefinitionParams) => this.definition(p, linkSupport())));
    session.connection.onReferences(session.guard('references', null, (p: ReferenceParams) => this.references(p)));
  }

  /** Links (with the object as target and its name selected) when the client takes them. */
  private definition({ textDocument: { uri }, position }: DefinitionParams, links: boolean): Location[] | LocationLink[] | null {
    const index = this.workspace.index();
    const offset = offsetIn(index, uri, position);
    if (offset === undefined) return null;
    const refs = definitionsAt(index, uri, offset);
    if (!links) return refs.map((r) => locationIn(index, r.uri, r.selectionRange)).filter((l): l is Location => l !== undefined);
    const out: LocationLink[] = [];
    for (const r of refs) {
      const targetRange = rangeIn(index, r.uri, r.range);
      const targetSelectionRange = rangeIn(index, r.uri, r.selectionRange);
      if (targetRange && targetSelectionRange) out.push({ targetUri: r.uri, targetRange, targetSelectionRange });
    }
    return out;
  }

  private references({ textDocument: { uri }, position }: ReferenceParams): Location[] | null {
    const index = this.workspace.index();
    const offset = offsetIn(index, uri, position);
    if (offset === undefined) return null;
    return referencesAt(index, uri, offset)
      .map((r) => locationIn(index, r.uri, r.range))
      .filter((l): l is Location => l !== undefined);
  }
}
