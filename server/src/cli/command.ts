// The shape every `netpol` subcommand has: one file per command under
// `commands/`, registered on the program in `program.ts`.
import type { Command } from 'commander';
import type { CliIO } from './io';

export interface CommandContext {
  io: CliIO;
  /** The command's verdict; the entry point exits with it. */
  setExitCode(code: number): void;
}

export interface CliCommand {
  name: string;
  /** Adds the subcommand (arguments, options, `--help` text, action) to `program`. */
  register(program: Command, ctx: CommandContext): void;
}
