/**
 * Logs for humans on a terminal, JSON lines (pino) when stderr is not one — what a pod's log
 * collector wants. Logs always go to stderr; stdout carries results only.
 */
import {pino, type Logger} from 'pino';

export type {Logger};

export function createLogger(options: {json?: boolean; level?: string} = {}): Logger {
  const json = options.json ?? !process.stderr.isTTY;
  const level = options.level ?? process.env.PRAXI_LOG_LEVEL ?? 'info';
  if (json) return pino({name: 'praxi', level, base: {pid: process.pid}}, pino.destination({fd: 2, sync: true}));
  // A terminal: one readable line per event.
  const human = {
    write(line: string) {
      const o = JSON.parse(line) as {level: number; msg: string};
      const tag = o.level >= 50 ? 'error' : o.level >= 40 ? 'warning' : '';
      process.stderr.write(`praxi: ${tag ? `${tag}: ` : ''}${o.msg}\n`);
    },
  };
  return pino({name: 'praxi', level, base: undefined, timestamp: false}, human);
}
