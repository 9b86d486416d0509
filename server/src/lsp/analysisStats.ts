// How many times the server analysed a text, and where: the tests read it
// (through the `netpol/internal/stats` request) to check that a text is
// parsed once, however many features and files ask for it.
export const analysisStats = {
  /** On the main thread: small texts, and large ones when the worker is unavailable. */
  inline: 0,
  /** In the worker thread. */
  worker: 0,
  /** YAML trees made again for a feature (the index keeps none per file). */
  trees: 0,
};
