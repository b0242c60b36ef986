/**
 * npm packages: `node_modules/NAME/package.json` (or `node_modules/@scope/NAME/package.json`) owns
 * its directory; nested node_modules are packages of their own. Name and version come from the path
 * and, when asked (inventory), from the package.json.
 */
import type {RootFs} from '../rootfs.js';
import type {Ownership} from './ownership.js';

const PACKAGE_JSON = /\/node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;

export async function readNpm(fs: RootFs, own: Ownership, paths: readonly string[], versions: boolean): Promise<void> {
  const found = paths.flatMap((p) => {
    const m = PACKAGE_JSON.exec(p);
    return m ? [{file: p, name: m[1]!}] : [];
  });
  for (const {file, name} of found) {
    let version: string | undefined;
    if (versions) {
      try {
        const json = JSON.parse((await fs.readText(file)) ?? '{}') as {version?: unknown};
        if (typeof json.version === 'string') version = json.version;
      } catch (err) {
        own.problems.push(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    const idx = own.addPackage({manager: 'npm', name, ...(version ? {version} : {}), inventory: true});
    own.addDir(idx, file.slice(0, file.length - '/package.json'.length));
  }
}
