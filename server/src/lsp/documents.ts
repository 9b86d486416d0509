// Which open documents the server analyses, and a per-version cache of their
// analysis so that diagnostics, hovers and code actions share one parse.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyzeText, AnalyzeOptions, FileAnalysis } from '../core/analyze';
import { LineIndex } from '../core/yaml/lineIndex';
import { isJsonPath } from '../core/json';
import type { PoolResult } from './analysisPool';
import { analysisStats } from './analysisStats';

export function isYamlDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(pathOf(doc.uri));
}

/** JSON documents are analysed too: those that hold no Kubernetes object analyse to nothing, after a bounded sniff (core/json/sniff.ts). */
export function isJsonDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return doc.languageId === 'json' || isJsonPath(pathOf(doc.uri));
}

/** The documents the server analyses: YAML, and JSON that may hold manifests. */
export function isAnalysedDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return isYamlDocument(doc) || isJsonDocument(doc);
}

/** File system path for file URIs, the URI's path otherwise (untitled:...). */
export function pathOf(uri: string): string {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
  } catch {
    return uri;
  }
}

interface Entry {
  version: number;
  optionsKey: string;
  analysis: FileAnalysis;
}

/** Another holder of analyses (the workspace index) asked before parsing: a text is parsed once. */
export type AnalysisLookup = (uri: string, text: string, options: AnalyzeOptions) => FileAnalysis | undefined;

/** Analyses texts, maybe off the main thread (lsp/analysisPool.ts). */
export interface AsyncAnalyzer {
  wantsWorker(text: string, options: AnalyzeOptions): boolean;
  /** `urgent`: a request waits for it (it goes ahead of the indexing jobs). */
  analyze(text: string, options: AnalyzeOptions, isCancelled?: () => boolean, prepare?: undefined, urgent?: boolean): Promise<PoolResult>;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, { version: number; optionsKey: string; promise: Promise<FileAnalysis> }>();
  lookup: AnalysisLookup | undefined;

  /** The analysis of the document's current version, if made already. */
  peek(doc: TextDocument, options: AnalyzeOptions): FileAnalysis | undefined {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.optionsKey === JSON.stringify(options)) return hit.analysis;
    const shared = this.lookup?.(doc.uri, doc.getText(), options);
    if (shared) this.entries.set(doc.uri, { version: doc.version, optionsKey: JSON.stringify(options), analysis: shared });
    return shared;
  }

  get(doc: TextDocument, options: AnalyzeOptions): FileAnalysis {
    const known = this.peek(doc, options);
    if (known) return known;
    analysisStats.inline++;
    const analysis = analyzeText(doc.getText(), options);
    this.entries.set(doc.uri, { version: doc.version, optionsKey: JSON.stringify(options), analysis });
    return analysis;
  }

  /** As `get`, but a large text is analysed by `analyzer` (another thread) while the connection is served. */
  getAsync(doc: TextDocument, options: AnalyzeOptions, analyzer: AsyncAnalyzer): Promise<FileAnalysis> {
    const known = this.peek(doc, options);
    if (known) return Promise.resolve(known);
    const text = doc.getText();
    if (!analyzer.wantsWorker(text, options)) return Promise.resolve(this.get(doc, options));
    const optionsKey = JSON.stringify(options);
    const { uri, version } = doc;
    const running = this.inFlight.get(uri);
    if (running && running.version === version && running.optionsKey === optionsKey) return running.promise;
    const promise = analyzer.analyze(text, options, undefined, undefined, true).then((result) => {
      if (this.inFlight.get(uri)?.promise === promise) this.inFlight.delete(uri);
      const analysis = result.kind === 'analysis' ? result.analysis : failedAnalysis(text, result.kind === 'failed' ? result.reason : 'cancelled');
      // Kept only if nothing newer was cached meanwhile.
      const now = this.entries.get(uri);
      if (!now || now.version < version || (now.version === version && now.optionsKey !== optionsKey)) this.entries.set(uri, { version, optionsKey, analysis });
      return analysis;
    });
    this.inFlight.set(uri, { version, optionsKey, promise });
    return promise;
  }

  /** Whether an analysis of this version is being made off the main thread. */
  isPending(doc: TextDocument): boolean {
    return this.inFlight.get(doc.uri)?.version === doc.version;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.inFlight.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** What stands for a file whose analysis failed (the worker ran out of memory): nothing in it, a note for the log. */
export function failedAnalysis(text: string, reason: string): FileAnalysis {
  const firstLine = reason.split('\n')[0];
  return { parsed: { text, lines: new LineIndex(text), documents: [], findings: [], skipped: { reason: 'too-large', note: `skipped: analysing it failed (${firstLine})` } }, objects: [], findings: [] };
}
