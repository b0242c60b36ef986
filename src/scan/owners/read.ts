import type {RootFs} from '../rootfs.js';
import type {Ownership} from './ownership.js';

export function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message ?? String(err);
}

/**
 * A database file's text, or undefined when it is absent — or unreadable, which is recorded as a
 * problem naming the file (the scan goes on with the other files).
 */
export async function readDbFile(fs: RootFs, own: Ownership, file: string): Promise<string | undefined> {
  try {
    return await fs.readText(file);
  } catch (err) {
    own.problems.push(`${file}: cannot read (${errnoText(err)})`);
    return undefined;
  }
}
