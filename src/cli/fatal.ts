/**
 * A command's fatal error as the contract writes it: one `praxi: <message> [CODE]` line on stderr (a
 * pino-shaped JSON line when logs are JSON), and the exit code, 2 for usage errors and 3 otherwise.
 * Shared by the oclif commands (base-command.ts) and the fast path of `praxi predict` (fast-predict.ts).
 */
import {errorCode, errorMessage, ExitCode, PraxiError} from '../errors.js';

export function writeFatal(err: unknown, commandId: string | undefined): number {
  const jsonLogs = process.env.PRAXI_LOG_FORMAT === 'json' || (commandId === 'run' && !process.stderr.isTTY && process.env.PRAXI_LOG_FORMAT !== 'text');
  if (jsonLogs) {
    // Same shape as pino's lines (level 50 = error), so a log collector sees the fatal error too.
    process.stderr.write(`${JSON.stringify({level: 50, time: Date.now(), name: 'praxi', code: errorCode(err), msg: errorMessage(err)})}\n`);
  } else {
    process.stderr.write(`praxi: ${errorMessage(err)} [${errorCode(err)}]\n`);
  }
  return err instanceof PraxiError && err.code.startsWith('USAGE') ? ExitCode.usage : ExitCode.nothingProcessed;
}
