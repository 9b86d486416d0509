// Where a command writes, and relative to what it resolves paths. Commands get
// this instead of touching `process`, so they stay testable in-process.
import * as fs from 'fs';

export interface CliIO {
  /** Results (findings, matrices, JSON): the part scripts consume. */
  out(text: string): void;
  /** Notes, summaries and errors, for people. */
  err(text: string): void;
  /** Directory that relative paths are resolved against and displayed from. */
  cwd: string;
  /** All of standard input, for the PATH `-`; read at most once per run. */
  readStdin?(): string;
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    readStdin: () => fs.readFileSync(0, 'utf8'),
  };
}
