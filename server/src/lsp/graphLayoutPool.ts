// Lays out and draws the connectivity view's graph on a worker thread
// (dist/graphWorker.js, next to this bundle), so that the server keeps
// answering while a big picture is laid out (seconds at a few hundred
// workloads and thousands of arrows). One job at a time, in order. The
// worker starts with the first picture and again after it dies; without the
// worker file (an unbundled run), or when it fails, the picture is drawn on
// the main thread: the same functions, so the same SVG.
import * as path from 'path';
import type { Worker } from 'worker_threads';
import type { ConnectivityGraph } from '../core/graph';
import { layoutSvg, LaidOutSvg } from '../core/graph/viewDrawing';
import type { Logger } from './logger';
import { startWorker } from './workerThread';

export interface GraphLayoutRequest {
  id: number;
  model: ConnectivityGraph;
}

export type GraphLayoutReply = { id: number; error?: undefined; workerMs: number } & LaidOutSvg | { id: number; error: string };

/** The worker's old-generation heap, in MB (a 2,500-arrow SVG is a few MB). */
const WORKER_HEAP_MB = 512;
/** Failures in a row after which the main thread draws every picture (a worker that cannot work). */
const MAX_FAILURES = 3;

interface Job {
  id: number;
  model: ConnectivityGraph;
  resolve: (r: LaidOutSvg & { where: 'worker' | 'main' }) => void;
}

export class GraphLayoutPool {
  private worker: Worker | undefined;
  private unavailable = false;
  private nextId = 0;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private failures = 0;

  constructor(
    private readonly log: Logger,
    private readonly workerPath = path.join(__dirname, 'graphWorker.js'),
  ) {}

  /** The model's SVG and step timings; never rejects (a failed worker means the main thread draws it). */
  draw(model: ConnectivityGraph): Promise<LaidOutSvg & { where: 'worker' | 'main' }> {
    return new Promise((resolve) => {
      this.queue.push({ id: ++this.nextId, model, resolve });
      this.pump();
    });
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.unavailable = true;
    void w?.terminate();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    const worker = this.ensureWorker();
    if (!worker) {
      job.resolve({ ...layoutSvg(job.model), where: 'main' });
      this.pump();
      return;
    }
    this.running = job;
    try {
      worker.postMessage({ id: job.id, model: job.model } satisfies GraphLayoutRequest);
    } catch (e) {
      this.fail(job, (e as Error).message);
    }
  }

  /** The worker could not draw it: the main thread does, and the next job tries the worker again. */
  private fail(job: Job, reason: string): void {
    if (this.running === job) this.running = undefined;
    if (++this.failures >= MAX_FAILURES) this.unavailable = true;
    this.log.warn(`graph layout worker failed (${reason.split('\n')[0]}): drawing on the main thread`);
    job.resolve({ ...layoutSvg(job.model), where: 'main' });
    this.pump();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.unavailable) return this.worker;
    this.worker = startWorker<GraphLayoutReply>(
      {
        file: this.workerPath,
        heapMb: WORKER_HEAP_MB,
        name: 'graph layout',
        fallback: 'the connectivity view is laid out on the main thread',
        onMessage: (reply) => {
          const job = this.running;
          if (!job || job.id !== reply.id) return;
          if (reply.error !== undefined) return this.fail(job, reply.error);
          this.running = undefined;
          this.failures = 0;
          job.resolve({ svg: reply.svg, layoutMs: reply.layoutMs, renderMs: reply.renderMs, where: 'worker' });
          this.pump();
        },
        onExit: (worker, reason) => {
          if (this.worker === worker) this.worker = undefined;
          const job = this.running;
          if (job) this.fail(job, reason);
        },
      },
      this.log,
    );
    if (!this.worker) this.unavailable = true;
    return this.worker;
  }
}
