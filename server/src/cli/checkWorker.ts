// The CLI's analysis worker thread (bundled as dist/checkWorker.js): parses
// and analyses the batches of files the main thread sends (parallel/pool.ts),
// so that `netpol check` uses more than one core.
import { parentPort } from 'worker_threads';
import { analyzeText, FileAnalysis } from '../core/analyze';
import { BatchRequest, encodeBatch } from './parallel/protocol';

const port = parentPort;
if (port) {
  port.on('message', (request: BatchRequest) => {
    const done: { seq: number; analysis: FileAnalysis }[] = [];
    const failed: number[] = [];
    for (const job of request.jobs) {
      try {
        done.push({ seq: job.seq, analysis: analyzeText(job.text, job.options) });
      } catch {
        failed.push(job.seq);
      }
    }
    let reply;
    try {
      reply = encodeBatch(request.batch, done, failed);
    } catch {
      // Something of an analysis does not serialise: the main thread does the batch.
      reply = encodeBatch(request.batch, [], request.jobs.map((j) => j.seq));
    }
    port.postMessage(reply, [reply.bytes]);
  });
}
