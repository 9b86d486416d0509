// The analysis worker thread (bundled as dist/analysisWorker.js): parses and
// analyses the texts the main thread sends, one at a time, so that a large
// file never holds the connection. `yaml` parses synchronously: only another
// thread keeps the server answering while it runs.
import { performance } from 'perf_hooks';
import { MessagePort, parentPort, receiveMessageOnPort } from 'worker_threads';
import { analyzeText } from '../core/analyze';
import { AnalyzeReply, AnalyzeRequest, encodeAnalysis } from './analysisTransfer';
import { sampleOf } from './warmUpSamples';

/** Synthetic files analysed and encoded when the thread starts, at most... */
const WARM_UP_ROUNDS = 48;
/** ...and for at most this long. */
const WARM_UP_MS = 300;

/**
 * The server starts this thread at `initialize`. Compiled before indexing
 * begins, it takes the cold start's files (lsp/analysisPool.ts sends them
 * here while the main thread is cold) faster than 40-150 ms each, and the
 * main thread waits less on it. The warm-up only fills the time before the
 * first real text: it stops as soon as one is waiting, and answers it.
 * (A warm-up on the main thread at `initialize` cost a small workspace's
 * cold start more than it saved.)
 */
function warmUp(port: MessagePort): void {
  const started = performance.now();
  try {
    for (let i = 0; i < WARM_UP_ROUNDS && performance.now() - started < WARM_UP_MS; i++) {
      const waiting = receiveMessageOnPort(port);
      if (waiting) return answer(port, waiting.message as AnalyzeRequest);
      encodeAnalysis(0, analyzeText(sampleOf(i), {}));
    }
  } catch {
    // Only time was to be gained.
  }
}

function answer(port: MessagePort, request: AnalyzeRequest): void {
  const started = performance.now();
  let reply: AnalyzeReply;
  try {
    reply = encodeAnalysis(request.id, analyzeText(request.text, request.options));
  } catch (e) {
    reply = { id: request.id, error: (e as Error)?.stack ?? String(e) };
  }
  reply.workerMs = Math.round(performance.now() - started);
  port.postMessage(reply, reply.bytes ? [reply.bytes, reply.ends!.buffer as ArrayBuffer] : []);
}

const port = parentPort;
if (port) {
  port.on('message', (request: AnalyzeRequest) => answer(port, request));
  warmUp(port);
}
