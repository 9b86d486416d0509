// The `netpol` CLI entry point (bundled to dist/cli.js, the package's `bin`).
// Everything lives in cli/; this file only wires it to the process.
import { runCli } from './cli/program';
import { processIO } from './cli/io';

// `netpol matrix ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2), processIO()).then((code) => {
  // exitCode, not exit(): let stdout drain when it is a pipe.
  process.exitCode = code;
});
