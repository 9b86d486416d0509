/** setImmediate, not a resolved promise: pending I/O (incoming requests) runs first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
