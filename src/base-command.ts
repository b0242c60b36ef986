import {Command, Errors, Flags} from '@oclif/core';
import {availableParallelism} from 'node:os';

import {writeFatal} from './cli/fatal.js';
import {writePrettyJson} from './util/json-out.js';
import {mark} from './util/timings.js';

/** Flags shared by the commands that read inputs. */
export const inputFlags = {
  tree: Flags.string({
    description: 'a directory tree (e.g. a mounted volume) taken as one changeset; repeatable',
    multiple: true,
  }),
  jobs: Flags.integer({
    char: 'j',
    description: 'changesets processed at once (default: number of cores)',
    min: 1,
    default: async () => availableParallelism(),
  }),
};

/**
 * Base of every praxi command: `--json` support and the contract's exit codes
 * (2 usage, 3 nothing processed; commands set 1 themselves when some inputs failed).
 */
export abstract class PraxiCommand<T> extends Command {
  static enableJsonFlag = true;

  protected async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof Errors.CLIError || err instanceof Errors.ExitError) return super.catch(err);
    this.exit(writeFatal(err, this.id));
  }

  async init(): Promise<void> {
    mark('node_start_end', (globalThis as {praxiEntryMs?: number}).praxiEntryMs);
    mark('command_start');
    await super.init();
  }

  /**
   * --json output. oclif colorizes by tokenizing the whole text with regular expressions, which for
   * a large result (a million-path tag run) costs more than the work itself; colours only matter on
   * a terminal, so elsewhere the same text is written as is, in pieces (util/json-out.ts).
   */
  logJson(json: unknown): void {
    if (!this.jsonWrittenAsIs()) {
      super.logJson(json);
      return;
    }
    writePrettyJson(json, process.stdout);
  }

  /** Whether --json output is written as is (off a terminal), not colorized by oclif. */
  protected jsonWrittenAsIs(): boolean {
    return !process.stdout.isTTY;
  }

  abstract run(): Promise<T>;
}
