// Handlers never take the server down: an exception is logged and the
// request answers with a fallback value instead.
import type { Logger } from './logger';

export function guard<A extends unknown[], R>(log: Logger, name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (e) {
      log.error(`${name} failed`, e);
      return fallback;
    }
  };
}

/** For notifications and events: nothing to answer, only log. */
export function guardVoid<A extends unknown[]>(log: Logger, name: string, handler: (...args: A) => void | Promise<void>): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((e) => log.error(`${name} failed`, e));
    } catch (e) {
      log.error(`${name} failed`, e);
    }
  };
}
