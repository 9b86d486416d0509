// Analyses the CLI's files on every core and installs them into the index in
// load order, so the index, and so every output, is the one a serial run
// builds. Worker threads (dist/checkWorker.js) take batches of files from
// the front of the queue; the main thread installs each file as soon as the
// ones before it are in, and in between analyses the next file no worker
// has: itself straight into the index when it is the next to install, else
// kept without its trees until its turn. A worker that dies (a crash, its
// heap exhausted) or a file that fails in one costs nothing but time: those
// files go back to the queue for the main thread, never lost.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { analyzeText, AnalyzeOptions, FileAnalysis } from '../../core/analyze';
import { BatchJob, BatchReply, BatchRequest, decodeBatch, withoutTrees } from './protocol';

export interface LoadJob {
  uri: string;
  text: string;
  options: AnalyzeOptions;
  /** Analysed on the main thread only (kustomizations: their namespace is read from the tree). */
  mainOnly?: boolean;
}

export interface Installer {
  /** Analyse and install on this thread (what a serial run does). */
  analyseHere(job: LoadJob): void;
  /** Install an analysis made elsewhere, without YAML trees. */
  installAnalysed(job: LoadJob, analysis: FileAnalysis): void;
}

export interface PoolOptions {
  workers: number;
  /** Default: dist/checkWorker.js beside this bundle. */
  workerFile?: string;
  /** A batch closes once it holds this much text. */
  batchChars?: number;
  /** The worker's old-generation heap, in MB. */
  workerHeapMb?: number;
}

export const WORKER_FILE = path.join(__dirname, 'checkWorker.js');
const BATCH_CHARS = 64 * 1024;
/** Batches a worker holds at once: it starts the next while the main thread is busy with a file. */
const BATCHES_AHEAD = 2;
const WORKER_HEAP_MB = 2048;

/** What happened, for tests and `NETPOL_JOBS_STATS`. */
export interface PoolStats {
  byWorkers: number;
  byMain: number;
  /** Files a worker had when it died or that failed in one, then analysed here. */
  retried: number;
  workersLost: number;
}

type State = { kind: 'queued' } | { kind: 'sent' } | { kind: 'ready'; analysis: FileAnalysis } | { kind: 'done' };

interface Slot {
  worker: Worker;
  batches: Map<number, number[]>;
}

export async function analyseInOrder(jobs: readonly LoadJob[], installer: Installer, options: PoolOptions): Promise<PoolStats> {
  return new OrderedLoad(jobs, installer, options).run();
}

class OrderedLoad {
  private readonly states: State[];
  private readonly stats: PoolStats = { byWorkers: 0, byMain: 0, retried: 0, workersLost: 0 };
  private readonly slots = new Set<Slot>();
  /** Jobs a worker may take, in order (the main thread takes from here too). */
  private readonly queue: number[] = [];
  private queueHead = 0;
  /** Files a worker lost or failed: the main thread takes them next. */
  private readonly mainQueue = new Set<number>();
  private cursor = 0;
  private nextBatch = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly jobs: readonly LoadJob[],
    private readonly installer: Installer,
    private readonly options: PoolOptions,
  ) {
    this.states = jobs.map(() => ({ kind: 'queued' }));
    // Main-only jobs are taken only at their turn (first branch of takeForMain): analysed ahead, they would lose their tree.
    jobs.forEach((j, i) => j.mainOnly || this.queue.push(i));
  }

  async run(): Promise<PoolStats> {
    try {
      this.startWorkers();
      while (this.cursor < this.jobs.length) {
        this.installReady();
        if (this.cursor >= this.jobs.length) break;
        this.feedWorkers();
        const own = this.takeForMain();
        if (own !== undefined) {
          this.analyseOnMain(own);
          // Lets the workers' replies in between two files of our own.
          if (this.slots.size > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        } else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      for (const s of this.slots) void s.worker.terminate();
      this.slots.clear();
    }
    return this.stats;
  }

  private startWorkers(): void {
    const file = this.options.workerFile ?? WORKER_FILE;
    if (this.options.workers <= 0 || !fs.existsSync(file)) return;
    for (let i = 0; i < this.options.workers; i++) {
      let worker: Worker;
      try {
        worker = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb ?? WORKER_HEAP_MB } });
      } catch {
        break;
      }
      const slot: Slot = { worker, batches: new Map() };
      worker.unref();
      worker.on('message', (reply: BatchReply) => this.received(slot, reply));
      worker.on('error', () => this.lost(slot));
      worker.on('exit', () => this.lost(slot));
      this.slots.add(slot);
    }
  }

  /** The next file for the main thread: the next to install when it waits, else the next nobody has. */
  private takeForMain(): number | undefined {
    if (this.states[this.cursor].kind === 'queued') {
      this.mainQueue.delete(this.cursor);
      return this.cursor;
    }
    for (const i of this.mainQueue) {
      this.mainQueue.delete(i);
      return i;
    }
    // Else the next file no worker has (all of them when there is no worker).
    while (this.queueHead < this.queue.length) {
      const i = this.queue[this.queueHead++];
      if (this.states[i].kind === 'queued') return i;
    }
    return undefined;
  }

  private analyseOnMain(i: number): void {
    const job = this.jobs[i];
    this.stats.byMain++;
    if (i === this.cursor) {
      this.installer.analyseHere(job);
      this.states[i] = { kind: 'done' };
      this.cursor++;
      return;
    }
    const full = analyzeText(job.text, { ...job.options, path: job.options.path ?? job.uri });
    this.states[i] = { kind: 'ready', analysis: withoutTrees(job.text, full) };
  }

  private installReady(): void {
    while (this.cursor < this.jobs.length) {
      const state = this.states[this.cursor];
      if (state.kind !== 'ready') return;
      this.installer.installAnalysed(this.jobs[this.cursor], state.analysis);
      this.states[this.cursor] = { kind: 'done' };
      this.cursor++;
    }
  }

  private feedWorkers(): void {
    const limit = this.options.batchChars ?? BATCH_CHARS;
    for (const slot of this.slots) {
      while (slot.batches.size < BATCHES_AHEAD) {
        const jobs: BatchJob[] = [];
        let chars = 0;
        while (chars < limit && this.queueHead < this.queue.length) {
          const i = this.queue[this.queueHead++];
          if (this.states[i].kind !== 'queued' || i === this.cursor) continue;
          const job = this.jobs[i];
          jobs.push({ seq: i, text: job.text, options: { ...job.options, path: job.options.path ?? job.uri } });
          this.states[i] = { kind: 'sent' };
          chars += job.text.length;
        }
        if (jobs.length === 0) return;
        const batch = this.nextBatch++;
        slot.batches.set(batch, jobs.map((j) => j.seq));
        slot.worker.postMessage({ batch, jobs } satisfies BatchRequest);
      }
    }
  }

  private received(slot: Slot, reply: BatchReply): void {
    const seqs = slot.batches.get(reply.batch);
    if (!seqs) return;
    slot.batches.delete(reply.batch);
    let analyses: ReturnType<typeof decodeBatch> = [];
    const failed = [...reply.failed];
    try {
      analyses = decodeBatch(reply, (seq) => this.jobs[seq].text);
    } catch {
      failed.push(...seqs);
    }
    for (const { seq, analysis } of analyses) {
      this.states[seq] = { kind: 'ready', analysis };
      this.stats.byWorkers++;
    }
    for (const seq of failed) this.retry(seq);
    this.feedWorkers();
    this.wakeUp();
  }

  /** A worker died: its files go to the main thread. */
  private lost(slot: Slot): void {
    if (!this.slots.delete(slot)) return;
    this.stats.workersLost++;
    for (const seqs of slot.batches.values()) for (const seq of seqs) this.retry(seq);
    slot.batches.clear();
    this.wakeUp();
  }

  private retry(seq: number): void {
    if (this.states[seq].kind !== 'sent') return;
    this.states[seq] = { kind: 'queued' };
    this.mainQueue.add(seq);
    this.stats.retried++;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
