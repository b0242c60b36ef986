// The `yaml` library is some seventy modules, a third of a cold start's module loading, and only
// fallback parsing and yaml output need it: it is required on first use. Its "node" export is
// CommonJS, so this is the very module an `import` would give, loaded synchronously.
import {createRequire} from 'node:module';

export type YamlLib = typeof import('yaml');

let lib: YamlLib | undefined;

export function yamlLib(): YamlLib {
  return (lib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}
