import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The team's shared folder (golden vectors, oracle, sample data); absent on a user's machine. */
export const sharedDir = join(projectRoot, '..', 'shared');
export const hasShared = existsSync(join(sharedDir, 'vectors'));
export const sharedSkipReason = `shared/ not found at ${sharedDir}: golden-vector tests need it (they run on developer and CI machines)`;

if (!hasShared) console.warn(`SKIP: ${sharedSkipReason}`);
