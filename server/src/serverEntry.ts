// What editors run (dist/server.js): starts the analysis worker thread, then
// loads the server (dist/serverMain.js, from server.ts). The worker's own
// start (Node's worker bootstrap, its bundle and yaml: ~100 ms of the other
// core) then runs while this thread loads 1.4 MB of server and answers
// `initialize`, instead of after it: the worker is up at ~25 ms from spawn
// instead of ~100 ms, and on a 1k-pod workspace spawn to every file's
// diagnostics went from a median of 630 to 588 ms (25 interleaved runs;
// an earlier set of 21 showed no difference, so the gain is small).
import * as path from 'path';
import { loadWithCodeCache } from './codeCache';
import { ANALYSIS_WORKER_FILE, ANALYSIS_WORKER_HEAP_MB } from './lsp/analysisWorkerFile';
import { prestartWorker } from './lsp/workerThread';

const prestarted = prestartWorker(path.join(__dirname, ANALYSIS_WORKER_FILE), ANALYSIS_WORKER_HEAP_MB);
// Loaded at run time, not bundled in: this file must stay small to run first.
// With a code cache (codeCache.ts), taken at exit when there was none: on a
// 1k-pod workspace spawn to every file's diagnostics went from a median of
// 452 to 417 ms (16 interleaved runs, cache warm). save() skips an accepted cache.
const server = loadWithCodeCache(path.join(__dirname, 'serverMain.js'));
process.once('exit', server.save);
(server.exports as typeof import('./server')).runServer(prestarted);
