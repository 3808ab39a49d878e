import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Import styles that defeat esbuild's tree shaking in the Lambda bundles (measured in
 * docs/performance.md). A failure lists the files; the zod one has a mechanical fix:
 *   sed -i "s/^import { z } from 'zod';/import * as z from 'zod';/" <files>
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
}

const runtimeSources = [...sourceFiles('shared'), ...sourceFiles('functions')];

function filesMatching(pattern: RegExp): string[] {
  return runtimeSources.filter((file) => pattern.test(readFileSync(file, 'utf8')));
}

describe('imports that keep the Lambda bundles small', () => {
  it('zod is imported as a namespace (`import * as z`), never as `{ z }` (which bundles every locale, ~350 KB)', () => {
    expect(filesMatching(/^import\s*\{[^}]*(?<!type\s)\bz\b[^}]*\}\s*from\s*'zod'/m)).toEqual([]);
  });

  it('Powertools parser is not used at run time (it imports zod as `{ z }` and all its schemas)', () => {
    expect(filesMatching(/^import\s+(?!type\b)[^;]*from\s*'@aws-lambda-powertools\/parser/m)).toEqual([]);
  });

  it('the check sees the slow style when it is there', () => {
    const slow = /^import\s*\{[^}]*(?<!type\s)\bz\b[^}]*\}\s*from\s*'zod'/m;
    expect(slow.test("import { z } from 'zod';")).toBe(true);
    expect(slow.test("import { type ZodType, z } from 'zod';")).toBe(true);
    expect(slow.test("import * as z from 'zod';")).toBe(false);
    expect(slow.test("import type { z } from 'zod';")).toBe(false);
  });
});
