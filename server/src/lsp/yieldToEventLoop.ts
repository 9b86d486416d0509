/**
 * Two setImmediates, not one nor a resolved promise: pending I/O (incoming
 * requests) runs first, and so do the immediates it queues. vscode-jsonrpc
 * handles a message read in the poll phase in a setImmediate of its own,
 * queued behind ours; with one hop the next slice of work would run before
 * that request, with two the request goes first (a request waited a whole
 * slice more).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
