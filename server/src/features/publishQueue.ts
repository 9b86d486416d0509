// The files a re-check pass announced, published one at a time with a turn
// of the event loop between two (push delivery). vscode-jsonrpc writes its
// messages in order, one per turn: thousands of notifications queued at once
// (or one of megabytes, the diagnostics of a hostile file) would hold every
// answer written after them. Each file's result is read when its turn comes,
// never kept from the pass: what is sent is the newest.
import { yieldToEventLoop } from '../lsp/yieldToEventLoop';
import { timingStats } from '../lsp/timingStats';

/** Files with nothing to send are gone through until this much time went into a turn. */
const TURN_MS = 10;

export class PublishQueue {
  /** In announcement order; a file announced again keeps its place. */
  private readonly waiting = new Set<string>();
  private draining: Promise<void> | undefined;

  /**
   * `publish` sends what the client should show for a file now (or nothing)
   * and resolves once it is written; `yieldTurn` lets the event loop run.
   */
  constructor(
    private readonly publish: (uri: string) => Promise<void> | void,
    private readonly yieldTurn: () => Promise<void> = yieldToEventLoop,
  ) {}

  add(uris: Iterable<string>): void {
    for (const uri of uris) this.waiting.add(uri);
    this.note();
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      this.note();
    });
  }

  /** A file the queue must not publish any more (closed and cleared, or published by its own run). */
  remove(uri: string): void {
    this.waiting.delete(uri);
    this.note();
  }

  /** Shutdown: what waits is not sent. */
  clear(): void {
    this.waiting.clear();
    this.note();
  }

  /** Resolves when nothing waits (for tests). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    // Announced in the turn that ended the pass: that turn is spent already.
    await this.yieldTurn();
    let started = Date.now();
    while (this.waiting.size > 0) {
      const uri = this.waiting.values().next().value as string;
      this.waiting.delete(uri);
      this.note();
      const sent = this.publish(uri);
      if (sent) {
        // Written in a turn of its own: the next file waits for it, so at most one of ours is ahead of an answer.
        await sent;
        started = Date.now();
      } else if (Date.now() - started >= TURN_MS) {
        await this.yieldTurn();
        started = Date.now();
      }
    }
  }

  private note(): void {
    timingStats.diagnostics.publishing = this.waiting.size + (this.draining ? 1 : 0);
  }
}
