/** `"tag:count"` strings in Columbus order (see columbus-reference.js). */
export function columbusReference(changes: readonly string[], options: {threshold: number; filter?: Set<string>}): string[];
