// A file's analysis without its YAML trees: what an analysis worker thread
// sends back (the server's, lsp/analysisTransfer.ts, and the CLI's,
// cli/parallel/protocol.ts). The trees are many times the text's size and
// the index drops them anyway; `WorkspaceIndex.setFileAnalysed` takes this.
import type { FileAnalysis } from './analyze';
import type { Finding } from './findings';
import type { K8sObject } from './model/types';
import { LineIndex } from './yaml/lineIndex';
import type { ParsedFile } from './yaml/parse';

/** An object's own fields, without its YAML `node`, ready to serialise. */
export function withoutNode(o: K8sObject): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) if (key !== 'node') out[key] = (o as unknown as Record<string, unknown>)[key];
  return out;
}

/** The analysis of `text` made of its parts: no documents; the line index re-made from the text unless given. */
export function treelessAnalysis(text: string, objects: K8sObject[], findings: Finding[], parsedFindings: Finding[], skipped: ParsedFile['skipped'] | undefined, lines = new LineIndex(text)): FileAnalysis {
  const parsed: ParsedFile = { text, lines, documents: [], findings: parsedFindings };
  if (skipped) parsed.skipped = skipped;
  return { parsed, objects, findings };
}
