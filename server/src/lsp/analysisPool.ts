// Runs file analyses off the main thread: texts of WORKER_MIN_CHARS or more
// go to one worker thread (dist/analysisWorker.js, next to this bundle), the
// rest are analysed inline (posting costs more than parsing them). The worker
// is started (and warmed up) when indexing starts, and again after it dies; its heap is capped, so a
// file that exhausts it costs that file, not the server. Without the worker
// file (an unbundled run), everything is analysed inline.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { analyzeText, AnalyzeOptions, FileAnalysis, isJsonInput } from '../core/analyze';
import { isJsonManifest } from '../core/json';
import type { K8sObject } from '../core/model/types';
import { DEFAULT_MAX_LENGTH } from '../core/yaml/parse';
import { AnalyzeReply, decodeAnalysis } from './analysisTransfer';
import { analysisStats } from './analysisStats';
import type { Logger } from './logger';

/** Texts shorter than this are analysed on the main thread (tens of ms at most; the worker costs a copy each way). */
export const WORKER_MIN_CHARS = 64 * 1024;
const WARM_UP_TEXT = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: warm, labels: &l {app: a}}\nspec:\n  podSelector: {matchLabels: {<<: *l}}\n  ingress: [{ports: [{port: 80}]}]\n---\nkind: Pod\nmetadata: {name: p}\n';
/** The worker's old-generation heap, in MB. */
const WORKER_HEAP_MB = 1536;

export type PoolResult = { kind: 'analysis'; analysis: FileAnalysis } | { kind: 'cancelled' } | { kind: 'failed'; reason: string };

interface Job {
  text: string;
  options: AnalyzeOptions;
  resolve: (reply: AnalyzeReply) => void;
  reject: (e: Error) => void;
}

export class AnalysisPool {
  private worker: Worker | undefined;
  private unavailable = false;
  private nextId = 0;
  private readonly jobs = new Map<number, Job>();

  constructor(
    private readonly log: Logger,
    private readonly workerPath = path.join(__dirname, 'analysisWorker.js'),
    readonly minChars = WORKER_MIN_CHARS,
  ) {}

  /**
   * The analysis of `text`. A worker's result is taken in over several
   * turns of the event loop, `isCancelled` asked between them; `prepare`
   * maps each of its objects on the way (made inline, they are left as
   * they are).
   */
  async analyze(text: string, options: AnalyzeOptions, isCancelled: () => boolean = () => false, prepare?: (object: K8sObject, position: number) => K8sObject): Promise<PoolResult> {
    const worker = this.wantsWorker(text, options) ? this.ensureWorker() : undefined;
    if (!worker) {
      analysisStats.inline++;
      return { kind: 'analysis', analysis: analyzeText(text, options) };
    }
    analysisStats.worker++;
    let reply: AnalyzeReply;
    try {
      reply = await this.post(worker, text, options);
    } catch (e) {
      return { kind: 'failed', reason: (e as Error).message };
    }
    if (reply.error !== undefined) return { kind: 'failed', reason: reply.error };
    const analysis = await decodeAnalysis(text, reply, yieldToEventLoop, isCancelled, prepare);
    return analysis ? { kind: 'analysis', analysis } : { kind: 'cancelled' };
  }

  /**
   * Small texts are quicker inline; texts over the length limit are skipped
   * at once, unparsed, and so is JSON that holds no manifest (a bounded
   * sniff): no need to copy them over.
   */
  wantsWorker(text: string, options: AnalyzeOptions): boolean {
    if (text.length < this.minChars || text.length > (options.maxLength ?? DEFAULT_MAX_LENGTH)) return false;
    return !isJsonInput(options) || isJsonManifest(text);
  }

  /**
   * Starts the worker and has it analyse a small text, so the first large
   * file does not wait for the thread to start and its code to load.
   */
  warm(): void {
    const worker = this.ensureWorker();
    if (worker) void this.post(worker, WARM_UP_TEXT, {}).catch(() => undefined);
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  private post(worker: Worker, text: string, options: AnalyzeOptions): Promise<AnalyzeReply> {
    const id = ++this.nextId;
    return new Promise<AnalyzeReply>((resolve, reject) => {
      this.jobs.set(id, { text, options, resolve, reject });
      worker.postMessage({ id, text, options });
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.unavailable) return this.worker;
    if (!fs.existsSync(this.workerPath)) {
      this.unavailable = true;
      this.log.info(`${this.workerPath} not found: large files are analysed on the main thread`);
      return undefined;
    }
    const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    // The server exits on `exit` from the client; the worker must not keep it alive.
    worker.unref();
    worker.on('message', (reply: AnalyzeReply) => {
      const job = this.jobs.get(reply.id);
      this.jobs.delete(reply.id);
      job?.resolve(reply);
    });
    let failure: Error | undefined;
    worker.on('error', (e) => (failure = e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.jobs.size === 0) return;
      // The job it was running fails; the ones queued behind it go to a new worker.
      const [first, ...rest] = [...this.jobs.entries()].sort((a, b) => a[0] - b[0]);
      this.jobs.clear();
      first[1].reject(new Error(failure?.message ?? `the analysis worker exited with code ${code}`));
      const next = rest.length > 0 ? this.ensureWorker() : undefined;
      for (const [id, job] of rest) {
        if (!next) job.reject(new Error('the analysis worker is not available'));
        else {
          this.jobs.set(id, job);
          next.postMessage({ id, text: job.text, options: job.options });
        }
      }
    });
    this.worker = worker;
    return worker;
  }
}

/** setImmediate, not a resolved promise: pending I/O (incoming requests) runs first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
