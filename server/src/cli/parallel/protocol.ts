// What the CLI's analysis workers (checkWorker.ts) and the main thread say
// to each other. A batch of texts goes out; one buffer comes back with every
// analysis of the batch serialised together (one v8 serialisation: faster
// than one per object, and object identity inside a file is kept), without
// YAML trees (the index drops them anyway), moved, not copied.
import { deserialize, serialize } from 'v8';
import type { AnalyzeOptions, FileAnalysis } from '../../core/analyze';
import type { Finding } from '../../core/findings';
import type { K8sObject } from '../../core/model/types';
import type { ParsedFile } from '../../core/yaml/parse';
import { treelessAnalysis, withoutNode } from '../../core/treelessAnalysis';

export interface BatchJob {
  /** The file's position in the load order. */
  seq: number;
  text: string;
  options: AnalyzeOptions;
}

export interface BatchRequest {
  batch: number;
  jobs: BatchJob[];
}

/** A file's analysis as it crosses: no trees, no line index (re-made from the text). */
interface WireAnalysis {
  seq: number;
  objects: unknown[];
  findings: Finding[];
  parsedFindings: Finding[];
  skipped?: ParsedFile['skipped'];
}

export interface BatchReply {
  batch: number;
  /** The serialised WireAnalysis[] of the jobs that succeeded. */
  bytes: ArrayBuffer;
  /** Jobs whose analysis threw in the worker: the main thread analyses them again. */
  failed: number[];
}

export function encodeBatch(batch: number, analyses: readonly { seq: number; analysis: FileAnalysis }[], failed: number[]): BatchReply {
  const wire: WireAnalysis[] = analyses.map(({ seq, analysis }) => ({
    seq,
    objects: analysis.objects.map(withoutNode),
    findings: analysis.findings,
    parsedFindings: analysis.parsed.findings,
    ...(analysis.parsed.skipped ? { skipped: analysis.parsed.skipped } : {}),
  }));
  const buffer = serialize(wire);
  // A Buffer may be a view into a shared pool: copy out exactly its bytes to move them.
  const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  return { batch, bytes, failed };
}

/** The analyses of a reply, each a FileAnalysis of its text without YAML trees (what `WorkspaceIndex.setFileAnalysed` takes). */
export function decodeBatch(reply: BatchReply, textOf: (seq: number) => string): { seq: number; analysis: FileAnalysis }[] {
  const wire = deserialize(Buffer.from(reply.bytes)) as WireAnalysis[];
  return wire.map((w) => ({ seq: w.seq, analysis: treelessAnalysis(textOf(w.seq), w.objects as K8sObject[], w.findings, w.parsedFindings, w.skipped) }));
}

/** A full analysis made on this thread, cut to what the worker would send: its trees can be collected before the file's turn comes. */
export function withoutTrees(text: string, analysis: FileAnalysis): FileAnalysis {
  return treelessAnalysis(text, analysis.objects.map(withoutNode) as K8sObject[], analysis.findings, analysis.parsed.findings, analysis.parsed.skipped, analysis.parsed.lines);
}
