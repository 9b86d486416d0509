// A CodeLens over each policy: how many workloads its podSelector selects
// (informational, no command). Over each workload, for clients that have
// the connectivity view (experimental capability `netpolConnectivityView`):
// "reachable from N · reaches M", whose command opens the view focused on it.
// Refreshed when the index changes.
import { CodeLens, CodeLensParams, CodeLensRefreshRequest } from '../lsp/protocol';
import { policyLenses, workloadLenses } from '../core/index/features';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { rangeIn } from './indexPositions';
import type { Workspace } from './workspace';

const REFRESH_DELAY_MS = 300;

/** The client command the workload lens runs (registered by the VS Code extension). */
export const SHOW_CONNECTIVITY_COMMAND = 'netpol.showConnectivity';

/** Whether the client announced the connectivity view (and so can run its command). */
export function hasConnectivityView(session: Session): boolean {
  const experimental = session.clientCapabilities.experimental as { netpolConnectivityView?: unknown } | undefined;
  return experimental?.netpolConnectivityView === true;
}

export class CodeLensFeature implements Feature {
  readonly name = 'code lens';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly workspace: Workspace) {}

  capabilities() {
    return { codeLensProvider: { resolveProvider: false } };
  }

  register(session: Session): void {
    this.workspace.attach(session);
    session.connection.onCodeLens(session.guard('code lens', null, (p: CodeLensParams) => this.lenses(p.textDocument.uri, hasConnectivityView(session))));
    // Counts depend on other files: ask the client to re-query after index changes.
    this.workspace.indexer.onDidChange(() => {
      if (session.clientCapabilities.workspace?.codeLens?.refreshSupport !== true) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        session.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }, REFRESH_DELAY_MS);
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private lenses(uri: string, withWorkloads: boolean): CodeLens[] {
    const index = this.workspace.index();
    const out: CodeLens[] = [];
    for (const lens of policyLenses(index, uri)) {
      const at = rangeIn(index, uri, { start: lens.range.start, end: lens.range.start });
      // An empty command id: a label the client shows but does not run.
      if (at) out.push({ range: at, command: { title: lens.title, command: '' } });
    }
    if (!withWorkloads || !index.getFile(uri)?.workloads.length) return out;
    for (const lens of workloadLenses(index, uri, this.workspace.matrix())) {
      const at = rangeIn(index, uri, { start: lens.range.start, end: lens.range.start });
      if (at) out.push({ range: at, command: { title: lens.title, command: SHOW_CONNECTIVITY_COMMAND, arguments: [{ focus: lens.key }] } });
    }
    return out;
  }
}
