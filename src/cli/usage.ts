/** A command-line usage error: message on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: batch-http <command> [options]

Commands:
  parse FILE [--env NAME] [--var NAME=VALUE]...   print the expanded batch as JSON
  run FILE [options]                              run the batch and report
  export FILE --to artillery|k6 [-o OUT]          export the batch for a load-testing engine

Run 'batch-http <command> --help' for the options of a command.
`;
