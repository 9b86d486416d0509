// Runs file analyses off the main thread: texts of WORKER_MIN_CHARS or more
// go to one worker thread (dist/analysisWorker.js, next to this bundle), the
// rest are analysed inline (posting costs more than parsing them), except
// for indexing's (`background`) texts of COLD_INLINE_MAX_CHARS or more:
// - while the main thread is cold: in a fresh process a 5 KB file takes
//   30-120 ms to parse, one synchronous block, while V8 compiles the parser,
//   and indexing begins with hundreds of such files (a slice cannot be
//   shorter than one file). Until the main thread has parsed WARM_CHARS of
//   text (or COLD_WORKER_CHARS went to the worker this way), they go to the
//   worker; the shorter ones stay inline and warm the code.
// - once it is warm, whenever the worker holds less than SHARED_BACKLOG_CHARS
//   of text: the two threads share the indexing. (Sharing did not pay while
//   the bundles read yaml's debug switches per token, scripts/yamlEnvOnce.mjs;
//   since, the 10k realistic workspace's cold start went from 5.04-6.20 s to
//   4.17-5.04 s.)
// The pool keeps its own queue and gives the worker one large job at a time,
// or small ones up to SHARED_BACKLOG_CHARS, so that an open document's
// analysis (`urgent`) goes ahead of every indexing job waiting: a request
// then waits for at most the one large job, or that much small text,
// running. The worker is started before the server loads (serverEntry.ts,
// handed over as `prestarted`), else at `initialize` (`prestart`, the server
// does) or with the first text it gets (lsp/workerThread.ts), and again
// after it dies; its heap is capped, so a file that exhausts it costs that
// file, not the server. Without the worker file (an unbundled run),
// everything is analysed inline.
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Worker } from 'worker_threads';
import { analyzeText, AnalyzeOptions, FileAnalysis, isJsonInput } from '../core/analyze';
import { isJsonManifest } from '../core/json';
import type { K8sObject } from '../core/model/types';
import { DEFAULT_MAX_LENGTH } from '../core/yaml/parse';
import { AnalyzeReply, decodeAnalysis } from './analysisTransfer';
import { analysisStats } from './analysisStats';
import { markPhase, timingStats } from './timingStats';
import { ANALYSIS_WORKER_FILE, ANALYSIS_WORKER_HEAP_MB } from './analysisWorkerFile';
import { PrestartedWorker, startWorker } from './workerThread';
import { yieldToEventLoop } from './yieldToEventLoop';
import type { Logger } from './logger';

/** Texts shorter than this are analysed on the main thread (tens of ms at most; the worker costs a copy each way). */
export const WORKER_MIN_CHARS = 64 * 1024;
/** While the main thread is cold, background texts this long or longer go to the worker. */
export const COLD_INLINE_MAX_CHARS = 1024;
/** Text parsed inline after which the main thread's parser is compiled and warm (~5 ms per 5 KB file). */
export const WARM_CHARS = 256 * 1024;
/** At most this much short text goes to the worker while the main thread is cold: its first files, a second or two. */
export const COLD_WORKER_CHARS = 256 * 1024;
/** Small jobs handed to the worker at once, at least: it starts the next without waiting for the main thread. */
const SMALL_JOBS_AHEAD = 2;
/** Once the main thread is warm, background texts go to the worker while it holds less than this (running and queued); also the small text it is handed at once. */
export const SHARED_BACKLOG_CHARS = 64 * 1024;

export type PoolResult = { kind: 'analysis'; analysis: FileAnalysis } | { kind: 'cancelled' } | { kind: 'failed'; reason: string };

interface Job {
  id: number;
  text: string;
  options: AnalyzeOptions;
  urgent: boolean;
  queuedAt: number;
  resolve: (reply: AnalyzeReply) => void;
  reject: (e: Error) => void;
}

export class AnalysisPool {
  private worker: Worker | undefined;
  private unavailable = false;
  private nextId = 0;
  /** Waiting jobs: urgent ones first, each kind in order. */
  private readonly queue: Job[] = [];
  /** The jobs the worker has, in the order it runs them. */
  private readonly running: Job[] = [];
  /** Chars of text analysed inline, up to WARM_CHARS; of short background text sent to the worker. */
  private inlineChars = 0;
  private coldWorkerChars = 0;
  /** Text of the jobs queued or running in the worker. */
  private backlogChars = 0;

  constructor(
    private readonly log: Logger,
    private readonly workerPath = path.join(__dirname, ANALYSIS_WORKER_FILE),
    readonly minChars = WORKER_MIN_CHARS,
    /** Started before the server loaded: the first worker, if it is still running. */
    private prestarted?: PrestartedWorker,
  ) {}

  /**
   * The analysis of `text`. A worker's result is taken in over several
   * turns of the event loop, `isCancelled` asked between them; `prepare`
   * maps each of its objects on the way (made inline, they are left as
   * they are). `urgent`: someone waits for it (an open document), it goes
   * ahead of the queued indexing jobs. `background`: nobody waits for it
   * (indexing): while the main thread is cold, a short text goes to the
   * worker too unless it is very short.
   */
  async analyze(
    text: string,
    options: AnalyzeOptions,
    isCancelled: () => boolean = () => false,
    prepare?: (object: K8sObject, position: number) => K8sObject,
    urgent = false,
    background = false,
  ): Promise<PoolResult> {
    const worker = this.wantsWorker(text, options, background) ? this.ensureWorker() : undefined;
    if (!worker) {
      analysisStats.inline++;
      this.inlineChars = Math.min(WARM_CHARS, this.inlineChars + text.length);
      return { kind: 'analysis', analysis: analyzeText(text, options) };
    }
    analysisStats.worker++;
    if (text.length < this.minChars) this.coldWorkerChars += text.length;
    let reply: AnalyzeReply;
    try {
      reply = await this.post(text, options, urgent);
    } catch (e) {
      return { kind: 'failed', reason: (e as Error).message };
    }
    if (reply.error !== undefined) return { kind: 'failed', reason: reply.error };
    const decodeStarted = performance.now();
    const phase = `taking in a worker analysis (${text.length} chars)`;
    markPhase(phase);
    // Each turn says so again: other work ran in between, and a long turn must not be blamed on it.
    const nextTurn = async () => {
      await yieldToEventLoop();
      markPhase(phase);
    };
    const analysis = await decodeAnalysis(text, reply, nextTurn, isCancelled, prepare);
    timingStats.pool.maxDecodeMs = Math.max(timingStats.pool.maxDecodeMs, Math.round(performance.now() - decodeStarted));
    return analysis ? { kind: 'analysis', analysis } : { kind: 'cancelled' };
  }

  /**
   * Small texts are quicker inline; texts over the length limit are skipped
   * at once, unparsed, and so is JSON that holds no manifest (a bounded
   * sniff): no need to copy them over.
   */
  wantsWorker(text: string, options: AnalyzeOptions, background = false): boolean {
    const shared = background && text.length >= COLD_INLINE_MAX_CHARS && (this.isCold || this.backlogChars < SHARED_BACKLOG_CHARS);
    const inline = text.length < this.minChars && !shared;
    if (inline || text.length > (options.maxLength ?? DEFAULT_MAX_LENGTH)) return false;
    return !isJsonInput(options) || isJsonManifest(text);
  }

  /** Whether the worker has nothing to do (none running, none queued). */
  get isIdle(): boolean {
    return this.running.length === 0 && this.queue.length === 0;
  }

  /** Starts the worker now (at `initialize`): it loads and warms up (lsp/analysisWorker.ts) before indexing sends it the cold start's files. */
  prestart(): void {
    this.ensureWorker();
  }

  /** Whether the main thread has not parsed enough yet for V8 to have compiled the parser. */
  get isCold(): boolean {
    return this.inlineChars < WARM_CHARS && this.coldWorkerChars < COLD_WORKER_CHARS;
  }

  dispose(): void {
    void this.prestarted?.worker.terminate();
    this.prestarted = undefined;
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  private post(text: string, options: AnalyzeOptions, urgent: boolean): Promise<AnalyzeReply> {
    return new Promise<AnalyzeReply>((resolve, reject) => {
      this.backlogChars += text.length;
      const settled = () => (this.backlogChars -= text.length);
      const job: Job = {
        id: ++this.nextId,
        text,
        options,
        urgent,
        queuedAt: performance.now(),
        resolve: (reply) => {
          settled();
          resolve(reply);
        },
        reject: (e) => {
          settled();
          reject(e);
        },
      };
      // After the urgent ones already waiting, before every other.
      const at = urgent ? this.queue.findIndex((j) => !j.urgent) : -1;
      if (at === -1) this.queue.push(job);
      else this.queue.splice(at, 0, job);
      this.pump();
    });
  }

  /**
   * Gives the worker the next job when it has none, or more small ones (up
   * to two, or SHARED_BACKLOG_CHARS of text); a large one waits its turn
   * here, so an urgent job never waits behind more than one large job.
   */
  private pump(): void {
    while (this.queue.length > 0 && this.hasRoomFor(this.queue[0])) {
      const worker = this.ensureWorker();
      if (!worker) {
        for (const job of this.queue.splice(0)) job.reject(new Error('the analysis worker is not available'));
        return;
      }
      const job = this.queue.shift()!;
      this.running.push(job);
      timingStats.pool.jobs++;
      timingStats.pool.maxQueueWaitMs = Math.max(timingStats.pool.maxQueueWaitMs, Math.round(performance.now() - job.queuedAt));
      worker.postMessage({ id: job.id, text: job.text, options: job.options });
    }
  }

  private hasRoomFor(next: Job): boolean {
    if (this.running.length === 0) return true;
    const small = (j: Job) => j.text.length < this.minChars;
    if (!small(next) || !this.running.every(small)) return false;
    let held = 0;
    for (const j of this.running) held += j.text.length;
    return this.running.length < SMALL_JOBS_AHEAD || held + next.text.length <= SHARED_BACKLOG_CHARS;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.unavailable) return this.worker;
    this.worker = startWorker<AnalyzeReply>(
      {
        file: this.workerPath,
        heapMb: ANALYSIS_WORKER_HEAP_MB,
        name: 'analysis',
        fallback: 'large files are analysed on the main thread',
        onMessage: (reply) => {
          const job = this.running[0];
          if (!job || job.id !== reply.id) return;
          this.running.shift();
          timingStats.pool.maxWorkerMs = Math.max(timingStats.pool.maxWorkerMs, reply.workerMs ?? 0);
          job.resolve(reply);
          this.pump();
        },
        onExit: (worker, reason) => {
          if (this.worker === worker) this.worker = undefined;
          // The jobs it had fail; the ones queued go to a new worker.
          for (const job of this.running.splice(0)) job.reject(new Error(reason));
          this.pump();
        },
      },
      this.log,
      this.prestarted,
    );
    if (this.worker) {
      timingStats.pool.workers++;
      if (this.worker === this.prestarted?.worker) timingStats.pool.prestartedTaken = true;
    }
    this.prestarted = undefined;
    if (!this.worker) this.unavailable = true;
    return this.worker;
  }
}

