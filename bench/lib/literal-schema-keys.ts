import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * What the pending upstream fix of the SDK's generated schemas would save (smithy-typescript
 * PR #1889, for aws-sdk-js-v3 issue #7607): since 3.930 every client's `schemas_0.js` writes its
 * traits with computed keys (`{ [_h]: [...] }`, `_h` a string constant), which esbuild must
 * assume have side effects, so no schema of an unused operation is ever dropped. This plugin
 * inlines the constants as literal keys, as the fix does, for the bench only: Vigie's bundles are
 * built by the CDK's esbuild, which takes no plugin.
 */
export const literalSchemaKeys: Plugin = {
  name: 'literal-schema-keys',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const constants = new Map<string, string>();
      for (const [, name, value] of source.matchAll(/^const (_\w+) = ("[^"\\]*");$/gm))
        constants.set(name!, value!);
      const contents = source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
        const value = constants.get(name);
        return value ? `${value}:` : key;
      });
      return { contents, loader: 'js' };
    });
  },
};
