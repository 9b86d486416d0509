// Work-done progress of one indexing run: created only when the client
// supports it, reports throttled (one notification per REPORT_EVERY_MS at
// most), cancellable from the client's progress UI.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';

const REPORT_EVERY_MS = 100;
/** A client that never answers window/workDoneProgress/create must not stall indexing. */
const CREATE_TIMEOUT_MS = 2000;

export class IndexingProgress {
  private lastReport = 0;
  private ended = false;

  private constructor(private readonly reporter: WorkDoneProgressServerReporter | undefined) {}

  /** `onCancel` runs when the user cancels the progress in the client. */
  static async start(connection: Connection, supported: boolean, onCancel: () => void): Promise<IndexingProgress> {
    if (!supported) return new IndexingProgress(undefined);
    let timer: NodeJS.Timeout | undefined;
    const reporter = await Promise.race([
      connection.window.createWorkDoneProgress().catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), CREATE_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    const progress = new IndexingProgress(reporter);
    reporter?.token.onCancellationRequested(() => {
      if (!progress.ended) onCancel();
    });
    reporter?.begin('Indexing YAML files', 0, 'listing files', true);
    return progress;
  }

  /** `indexed N of M files`, with the percentage; throttled unless `force`. */
  report(done: number, total: number, force = false): void {
    if (!this.reporter || this.ended) return;
    const now = Date.now();
    if (!force && now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    const percentage = total === 0 ? 100 : Math.floor((done / total) * 100);
    this.reporter.report(percentage, `indexed ${done} of ${total} files`);
  }

  done(): void {
    if (this.ended) return;
    this.ended = true;
    this.reporter?.done();
  }
}
