/**
 * The one error class for praxi's domain errors. `code` is stable (scripts and tests rely on it);
 * the message says what went wrong, where, and what was expected. Native code constructs these too
 * (the loader registers this class with the addon).
 */
export class PraxiError extends Error {
  readonly code: string;
  readonly source?: string;

  constructor(message: string, code: string, source?: string) {
    super(message);
    this.name = 'PraxiError';
    this.code = code;
    if (source !== undefined) this.source = source;
  }
}

/** Exit codes of the command-line contract (shared/spec/cli.md). */
export const ExitCode = {
  ok: 0,
  someInputsFailed: 1,
  usage: 2,
  nothingProcessed: 3,
} as const;

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as {code: unknown}).code === 'string') {
    return (err as {code: string}).code;
  }
  return 'INTERNAL';
}
