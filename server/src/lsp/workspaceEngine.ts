// The connectivity engine over the workspace index, compiled on first use
// and kept until the index changes (its version moves), so hovers in a
// row share one compilation.
import { engineInputFrom } from '../core/index/engineInput';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { compileEngine, Engine } from '../core/policy/engine';

export class WorkspaceEngine {
  private cached: { version: number; engine: Engine } | undefined;

  constructor(private readonly index: () => WorkspaceIndex) {}

  get(): Engine {
    const index = this.index();
    if (this.cached?.version !== index.version) this.cached = { version: index.version, engine: compileEngine(engineInputFrom(index)) };
    return this.cached.engine;
  }
}
