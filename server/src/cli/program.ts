// The `netpol` program: global flags, error handling and the subcommands.
// A new command is one file in `commands/` plus one line in COMMANDS.
import { Command, CommanderError } from 'commander';
import type { CliCommand } from './command';
import type { CliIO } from './io';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';
import { TOOL_VERSION } from './packageInfo';
import { checkCommand } from './commands/check';
import { matrixCommand } from './commands/matrix';
import { explainCommand } from './commands/explain';
import { diffCommand } from './commands/diff';

const COMMANDS: readonly CliCommand[] = [checkCommand, matrixCommand, explainCommand, diffCommand];

/** Runs `netpol` with `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('netpol')
    .description('Validate and explain Kubernetes NetworkPolicies, offline.')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Commander would call process.exit; we want the code back, and usage errors as 2.
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpCommand(false);
  const ctx = { io, setExitCode: (code: number) => (exitCode = code) };
  for (const command of COMMANDS) command.register(program, ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    // Commander has printed its message; --help and --version exit 0, the rest
    // (unknown flag or command, missing argument, `netpol` alone) are usage errors.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (e instanceof UsageError) {
      io.err(`netpol: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.err(`netpol: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
