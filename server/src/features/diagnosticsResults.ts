// The diagnostics of every file, cached with a result id until a change can
// affect them. A recomputation that gives the same diagnostics keeps the
// result id, so pull clients are answered "unchanged" and push clients are
// not sent the same list again.
import type { Diagnostic } from 'vscode-languageserver/node';

export interface ComputedDiagnostics {
  diagnostics: Diagnostic[];
  /** The findings name other files (a workspace check fired): any change of workloads may reword them. */
  dependsOnOthers: boolean;
  /** The text the diagnostics were computed on (an open document may be ahead while a large file is analysed). */
  text?: string;
}

export interface FileResult extends ComputedDiagnostics {
  uri: string;
  resultId: string;
}

export class DiagnosticsResults {
  private readonly results = new Map<string, FileResult & { key: string }>();
  private readonly dirty = new Set<string>();
  private readonly wordedByOthers = new Set<string>();
  private counter = 0;
  /** Bumped by every invalidation, to tell whether one came during a computation in steps. */
  private clock = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private allInvalidatedAt = 0;
  /** How many files were computed: tests check that an edit re-checks few files. */
  recomputations = 0;

  /**
   * `compute` answers undefined for files that show nothing (not indexed, out
   * of scope); `beforeRead` lets the index apply pending edits first.
   */
  constructor(
    private readonly compute: (uri: string) => ComputedDiagnostics | undefined,
    private readonly beforeRead: () => void = () => undefined,
  ) {}

  /** The current result of a file, computed when missing or invalidated. */
  get(uri: string): FileResult | undefined {
    this.beforeRead();
    const cached = this.results.get(uri);
    if (cached && !this.dirty.has(uri)) return cached;
    this.dirty.delete(uri);
    this.recomputations++;
    const computed = this.compute(uri);
    if (!computed) {
      this.drop(uri);
      return undefined;
    }
    return this.save(uri, computed);
  }

  /**
   * For a computation in steps (the event loop runs in between): a stamp
   * to give back to `store`, taken after pending edits are applied.
   */
  begin(): number {
    this.beforeRead();
    return this.clock;
  }

  /** Whether the file (or every file) was invalidated or dropped after `stamp`: what was computed since may be stale. */
  invalidatedSince(uri: string, stamp: number): boolean {
    return this.allInvalidatedAt > stamp || (this.invalidatedAt.get(uri) ?? 0) > stamp;
  }

  /**
   * Keeps what a computation in steps found, begun at `stamp`; false (and
   * nothing kept) when the file was invalidated since: it stays dirty.
   */
  store(uri: string, stamp: number, computed: ComputedDiagnostics | undefined): boolean {
    if (this.invalidatedSince(uri, stamp)) return false;
    this.dirty.delete(uri);
    this.recomputations++;
    if (computed) this.save(uri, computed);
    else this.drop(uri);
    return true;
  }

  private save(uri: string, computed: ComputedDiagnostics): FileResult {
    const cached = this.results.get(uri);
    const key = JSON.stringify(computed.diagnostics);
    const resultId = cached && cached.key === key ? cached.resultId : `${++this.counter}`;
    const result = { uri, resultId, key, ...computed };
    this.results.set(uri, result);
    if (computed.dependsOnOthers) this.wordedByOthers.add(uri);
    else this.wordedByOthers.delete(uri);
    return result;
  }

  /** The cached result, without computing. */
  peek(uri: string): FileResult | undefined {
    return this.results.get(uri);
  }

  invalidate(uris: Iterable<string>): void {
    const now = ++this.clock;
    for (const uri of uris) {
      this.dirty.add(uri);
      this.invalidatedAt.set(uri, now);
    }
  }

  /** Files whose findings mention other files' objects (suggestions): re-checked on any change. */
  invalidateWordedByOthers(): void {
    this.invalidate(this.wordedByOthers);
  }

  invalidateAll(): void {
    // Files never computed are not in `results`: a computation of one in steps must see this too.
    this.allInvalidatedAt = ++this.clock;
    this.invalidate(this.results.keys());
  }

  /** Whether the next read computes the file: invalidated, or never computed. */
  isDirty(uri: string): boolean {
    return this.dirty.has(uri) || !this.results.has(uri);
  }

  dirtyUris(): string[] {
    return [...this.dirty];
  }

  uris(): IterableIterator<string> {
    return this.results.keys();
  }

  drop(uri: string): void {
    this.invalidatedAt.set(uri, ++this.clock);
    this.results.delete(uri);
    this.wordedByOthers.delete(uri);
    this.dirty.delete(uri);
  }
}
