// The analysis worker thread (bundled as dist/analysisWorker.js): parses and
// analyses the texts the main thread sends, one at a time, so that a large
// file never holds the connection. `yaml` parses synchronously: only another
// thread keeps the server answering while it runs.
import { performance } from 'perf_hooks';
import { parentPort } from 'worker_threads';
import { analyzeText } from '../core/analyze';
import { AnalyzeReply, AnalyzeRequest, encodeAnalysis } from './analysisTransfer';

const port = parentPort;
if (port) {
  port.on('message', (request: AnalyzeRequest) => {
    const started = performance.now();
    let reply: AnalyzeReply;
    try {
      reply = encodeAnalysis(request.id, analyzeText(request.text, request.options));
    } catch (e) {
      reply = { id: request.id, error: (e as Error)?.stack ?? String(e) };
    }
    reply.workerMs = Math.round(performance.now() - started);
    port.postMessage(reply, reply.bytes ? [reply.bytes, reply.ends!.buffer as ArrayBuffer] : []);
  });
}
