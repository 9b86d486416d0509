// Which open documents the server analyses, and a per-version cache of their
// analysis so that diagnostics, hovers and code actions share one parse.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyzeText, AnalyzeOptions, FileAnalysis } from '../core/analyze';

export function isYamlDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(pathOf(doc.uri));
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

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  get(doc: TextDocument, options: AnalyzeOptions): FileAnalysis {
    const optionsKey = JSON.stringify(options);
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.optionsKey === optionsKey) return hit.analysis;
    const analysis = analyzeText(doc.getText(), options);
    this.entries.set(doc.uri, { version: doc.version, optionsKey, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
