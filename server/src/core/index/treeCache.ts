// A few full analyses (YAML trees included), most recently used last: the
// files being edited, and those a feature just asked the tree of. Keyed by
// uri; an entry answers only for the exact text and options it was made from.
import type { AnalyzeOptions, FileAnalysis } from '../analyze';

interface Entry {
  text: string;
  options: AnalyzeOptions;
  analysis: FileAnalysis;
}

export class TreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  get(uri: string, text: string, options: AnalyzeOptions): FileAnalysis | undefined {
    const e = this.entries.get(uri);
    if (!e || e.text !== text || !sameOptions(e.options, options)) return undefined;
    // Map keeps insertion order: re-inserting marks it most recent.
    this.entries.delete(uri);
    this.entries.set(uri, e);
    return e.analysis;
  }

  put(uri: string, text: string, options: AnalyzeOptions, analysis: FileAnalysis): FileAnalysis {
    this.entries.delete(uri);
    this.entries.set(uri, { text, options, analysis });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Shallow equality: analysis options are flat values. */
export function sameOptions(a: AnalyzeOptions, b: AnalyzeOptions): boolean {
  const ka = Object.keys(a) as (keyof AnalyzeOptions)[];
  const kb = Object.keys(b) as (keyof AnalyzeOptions)[];
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}
