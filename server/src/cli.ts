// The `netpol` CLI entry point (bundled to dist/cli.js, the package's `bin`).
// Everything lives in cli/; this file only wires it to the process.
import { runCli } from './cli/program';
import { processIO } from './cli/io';

runCli(process.argv.slice(2), processIO()).then((code) => {
  // exitCode, not exit(): let stdout drain when it is a pipe.
  process.exitCode = code;
});
