// Where the analysis worker's bundle is and how much heap it gets: shared by
// the pool and by the server's entry, which starts the worker before the
// rest of the server loads (and so must not import the pool).

/** The worker's bundle, next to the server's (dist/). */
export const ANALYSIS_WORKER_FILE = 'analysisWorker.js';
/** The worker's old-generation heap, in MB. */
export const ANALYSIS_WORKER_HEAP_MB = 1536;
