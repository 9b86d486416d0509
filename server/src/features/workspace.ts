// What the index-based features share: one indexer, one engine and one matrix cache per
// session, created by whichever feature registers first.
import type { IndexedFile, WorkspaceIndex } from '../core/index/workspaceIndex';
import type { ConnectivityMatrix, Engine } from '../core/policy/engine';
import type { Session } from '../lsp/session';
import { WorkspaceEngine } from '../lsp/workspaceEngine';
import { WorkspaceIndexer } from '../lsp/workspaceIndexer';
import { WorkspaceMatrix } from '../lsp/workspaceMatrix';

export class Workspace {
  private state: { session: Session; indexer: WorkspaceIndexer; engine: WorkspaceEngine; matrix: WorkspaceMatrix } | undefined;

  attach(session: Session): void {
    if (this.state) return;
    const indexer = new WorkspaceIndexer(session);
    this.state = { session, indexer, engine: new WorkspaceEngine(() => indexer.current()), matrix: new WorkspaceMatrix(() => indexer.current()) };
  }

  get indexer(): WorkspaceIndexer {
    return this.attached().indexer;
  }

  /** The index with the open documents' latest text. */
  index(): WorkspaceIndex {
    return this.attached().indexer.current();
  }

  file(uri: string): IndexedFile | undefined {
    return this.index().getFile(uri);
  }

  engine(): Engine {
    return this.attached().engine.get();
  }

  /** Who reaches whom, as the connectivity view and `netpol matrix` show it. */
  matrix(): ConnectivityMatrix {
    return this.attached().matrix.get();
  }

  private attached(): NonNullable<Workspace['state']> {
    if (!this.state) throw new Error('the workspace is used before a feature registered it');
    return this.state;
  }
}
