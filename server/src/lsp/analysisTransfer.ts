// An analysis made in the worker thread, carried to the main thread. YAML
// trees do not cross (they are many times the text's size, and the index
// drops them anyway); the objects and findings go as several separately
// serialised buffers, moved without a copy, so the main thread can decode
// one in each turn of its event loop instead of all at once.
import { deserialize, serialize } from 'v8';
import type { AnalyzeOptions, FileAnalysis } from '../core/analyze';
import type { Finding } from '../core/findings';
import type { K8sObject } from '../core/model/types';
import { treelessAnalysis, withoutNode } from '../core/treelessAnalysis';
import type { ParsedFile } from '../core/yaml/parse';

/** Serialised bytes decoded per turn of the main thread's event loop: about 3 ms (10-30 ms in a cold or loaded process). */
const TURN_BYTES = 32 * 1024;
/** Findings serialised together (they are small and alike). */
const FINDINGS_PER_ITEM = 256;

export interface AnalyzeRequest {
  id: number;
  text: string;
  options: AnalyzeOptions;
}

export interface AnalyzeReply {
  id: number;
  /**
   * Every object, then every group of findings, each serialised on its own
   * and laid end to end; `ends[i]` is where item i ends. Moved, not copied.
   */
  bytes?: ArrayBuffer;
  ends?: Uint32Array;
  objectCount?: number;
  parsedFindingCount?: number;
  skipped?: ParsedFile['skipped'];
  /** Set when the analysis itself failed in the worker. */
  error?: string;
  /** How long the worker took (for `netpol/internal/stats`). */
  workerMs?: number;
}

export function encodeAnalysis(id: number, analysis: FileAnalysis): AnalyzeReply {
  const items: Buffer[] = analysis.objects.map((o) => serialize(withoutNode(o)));
  for (let i = 0; i < analysis.findings.length; i += FINDINGS_PER_ITEM) items.push(serialize(analysis.findings.slice(i, i + FINDINGS_PER_ITEM)));
  const ends = new Uint32Array(items.length);
  let total = 0;
  items.forEach((b, i) => (ends[i] = total += b.byteLength));
  const bytes = new Uint8Array(total);
  items.forEach((b, i) => bytes.set(b, i === 0 ? 0 : ends[i - 1]));
  return { id, bytes: bytes.buffer, ends, objectCount: analysis.objects.length, parsedFindingCount: analysis.parsed.findings.length, skipped: analysis.parsed.skipped };
}

/**
 * Decodes the reply, one buffer per turn of the event loop (`yieldNow`
 * between them). The analysis has no YAML trees: `parsed.documents` is empty
 * and objects have no `node`; `WorkspaceIndex.setFileAnalysed` re-makes them
 * on demand. `prepare` maps each object as it is decoded (the index's
 * compaction, spread over the same turns).
 */
export async function decodeAnalysis(
  text: string,
  reply: AnalyzeReply,
  yieldNow: () => Promise<void>,
  isCancelled: () => boolean,
  prepare: (object: K8sObject, position: number) => K8sObject = (o) => o,
): Promise<FileAnalysis | undefined> {
  const objects: K8sObject[] = [];
  const findings: Finding[] = [];
  const bytes = Buffer.from(reply.bytes ?? new ArrayBuffer(0));
  const ends = reply.ends ?? new Uint32Array(0);
  const objectCount = reply.objectCount ?? 0;
  let decoded = TURN_BYTES;
  for (let i = 0; i < ends.length; i++) {
    const start = i === 0 ? 0 : ends[i - 1];
    if (decoded >= TURN_BYTES) {
      await yieldNow();
      if (isCancelled()) return undefined;
      decoded = 0;
    }
    decoded += ends[i] - start;
    const item = deserialize(bytes.subarray(start, ends[i]));
    if (i < objectCount) objects.push(prepare(item as K8sObject, i));
    else for (const f of item as Finding[]) findings.push(f);
  }
  return treelessAnalysis(text, objects, findings, findings.slice(0, reply.parsedFindingCount ?? 0), reply.skipped);
}
