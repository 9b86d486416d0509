// Exit codes of the `netpol` CLI, in one place so commands and docs agree.
export const EXIT_OK = 0;
/** `check`: a finding at or above `--fail-on` exists. */
export const EXIT_FINDINGS = 1;
/** Bad usage: unknown flag or command, missing or nonexistent path, unreadable file. */
export const EXIT_USAGE = 2;
/** `explain` (issue #4): the connection is denied. */
export const EXIT_DENIED = 3;
/** A bug in netpol itself (an exception escaped a command). */
export const EXIT_INTERNAL = 70;

/** Thrown for bad usage (core/usageError.ts: the core's parsers of typed names throw it too). */
export { UsageError } from '../core/usageError';
