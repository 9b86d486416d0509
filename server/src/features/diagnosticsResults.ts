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
    for (const uri of uris) this.dirty.add(uri);
  }

  /** Files whose findings mention other files' objects (suggestions): re-checked on any change. */
  invalidateWordedByOthers(): void {
    this.invalidate(this.wordedByOthers);
  }

  invalidateAll(): void {
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
    this.results.delete(uri);
    this.wordedByOthers.delete(uri);
    this.dirty.delete(uri);
  }
}
