// Logging goes to the client (window/logMessage -> the output channel), never
// to stdout: over --stdio, stdout is the protocol stream.
import type { RemoteConsole } from 'vscode-languageserver';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function consoleLogger(console: RemoteConsole): Logger {
  return {
    info: (message) => console.info(message),
    warn: (message) => console.warn(message),
    error: (message, error) => console.error(error === undefined ? message : `${message}: ${describeError(error)}`),
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
