import {errorCode, errorMessage} from './errors.js';

export interface ErrorJson {
  code: string;
  source?: string;
  line?: number;
  message: string;
}

export function errorToJson(err: unknown): ErrorJson {
  const e = err as {source?: unknown; line?: unknown};
  const out: ErrorJson = {code: errorCode(err), message: errorMessage(err)};
  if (typeof e.source === 'string') out.source = e.source;
  if (typeof e.line === 'number') out.line = e.line;
  return out;
}

/**
 * Prints one input's error on stderr (`praxi: <message> [CODE]`), also under --json (oclif would
 * silence its own loggers there), and returns its JSON form.
 */
export function reportError(err: unknown): ErrorJson {
  const j = errorToJson(err);
  process.stderr.write(`praxi: ${j.message} [${j.code}]\n`);
  return j;
}
