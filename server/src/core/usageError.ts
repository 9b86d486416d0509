// The one error type for a question asked wrongly (a CLI flag, a request's
// parameter): the CLI exits with EXIT_USAGE on it, the server answers with
// its message. In core so the core's parsers of typed names can throw it.

/** A problem the user can fix by changing what they asked; the CLI exits with EXIT_USAGE. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
