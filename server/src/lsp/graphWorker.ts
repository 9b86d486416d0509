// The graph layout thread (bundled as dist/graphWorker.js): lays out and
// draws the connectivity view's model (plain data) that the main thread
// sends, one at a time, so that a large picture never holds the connection.
import { performance } from 'perf_hooks';
import { parentPort } from 'worker_threads';
import { layoutSvg } from '../core/graph/viewDrawing';
import type { GraphLayoutReply, GraphLayoutRequest } from './graphLayoutPool';

const port = parentPort;
if (port) {
  port.on('message', (request: GraphLayoutRequest) => {
    let reply: GraphLayoutReply;
    try {
      const started = performance.now();
      reply = { id: request.id, ...layoutSvg(request.model), workerMs: performance.now() - started };
    } catch (e) {
      reply = { id: request.id, error: (e as Error)?.stack ?? String(e) };
    }
    port.postMessage(reply);
  });
}
