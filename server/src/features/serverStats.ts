// `netpol/internal/stats`: counters and memory of the running server, for the
// test suites (parse counts, RSS including the analysis worker). Not a
// user-facing capability; clients never send it.
import { analysisStats } from '../lsp/analysisStats';
import { timingStats } from '../lsp/timingStats';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import type { Workspace } from './workspace';

export const STATS_REQUEST = 'netpol/internal/stats';

export interface ServerStats {
  analyses: { inline: number; worker: number; trees: number };
  indexedFiles: number;
  indexing: boolean;
  rssMb: number;
  heapUsedMb: number;
  timing: typeof timingStats;
}

export class ServerStatsFeature implements Feature {
  readonly name = 'server stats';

  constructor(private readonly workspace: Workspace) {}

  register(session: Session): void {
    this.workspace.attach(session);
    session.connection.onRequest(
      STATS_REQUEST,
      session.guard('stats', null, (): ServerStats => {
        const m = process.memoryUsage();
        const indexer = this.workspace.indexer;
        return {
          analyses: { ...analysisStats },
          indexedFiles: indexer.index.fileCount,
          indexing: indexer.isIndexing,
          rssMb: Math.round(m.rss / 1048576),
          heapUsedMb: Math.round(m.heapUsed / 1048576),
          timing: timingStats,
        };
      }),
    );
  }
}
