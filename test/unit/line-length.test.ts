/**
 * Lines of src/ stay within 120 characters (the width Biome formats to). Biome cannot wrap a
 * long string or comment, so this test catches what the formatter leaves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../support/paths.js';

const MAX = 120;
const SRC = join(PROJECT_ROOT, 'src');

/**
 * A message or fix template of the error catalogue stays one literal: the type system reads its
 * {placeholders} from the literal type, which a split into joined strings would lose.
 */
function catalogueTemplate(file: string, line: string): boolean {
  return file.endsWith(join('errors', 'catalogue.ts')) && /^\s*(message|fix): '[^']*',$/.test(line);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('src/ has TypeScript files to check', () => {
  expect(sourceFiles(SRC).length).toBeGreaterThan(50);
});

test(`no line in src/ is longer than ${MAX} characters`, () => {
  const long: string[] = [];
  for (const file of sourceFiles(SRC)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if ([...line].length > MAX && !catalogueTemplate(file, line)) {
          long.push(`${relative(PROJECT_ROOT, file)}:${i + 1} (${[...line].length})`);
        }
      });
  }
  expect(long).toEqual([]);
});
