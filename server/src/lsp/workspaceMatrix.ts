// The connectivity matrix of the workspace as the view shows it (cluster
// workloads only when referenced, as `netpol matrix` prints them), computed
// on first use and kept until the index changes (its version moves), so the
// graph request, the code lenses and the explain links share one.
import { engineInputFrom } from '../core/index/engineInput';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { computeMatrix, ConnectivityMatrix } from '../core/policy/engine';

export class WorkspaceMatrix {
  private cached: { version: number; matrix: ConnectivityMatrix } | undefined;

  constructor(private readonly index: () => WorkspaceIndex) {}

  get(): ConnectivityMatrix {
    const index = this.index();
    if (this.cached?.version !== index.version) {
      this.cached = { version: index.version, matrix: computeMatrix(engineInputFrom(index, { clusterWorkloads: 'referenced' }), { outside: 'any' }) };
    }
    return this.cached.matrix;
  }
}
