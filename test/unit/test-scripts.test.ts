/**
 * The test scripts of package.json: `npm test` runs everything (CI and the README use it), and
 * test:unit, test:e2e and test:install split it so that every test folder belongs to exactly one
 * of them and test:unit stays free of root, the compiled CLI and the network.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/paths.js';

const scripts = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The folder arguments after jest.js in a script, e.g. ['test/unit', 'test/golden']. */
function folders(script: string): string[] {
  const jest = scripts[script]!.split('node_modules/jest/bin/jest.js')[1] ?? '';
  return jest
    .split(/\s+/)
    .filter((arg) => arg.startsWith('test/'))
    .sort();
}

/** Every folder below test/ that holds a *.test.ts file (directly). */
function testFolders(): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(join(PROJECT_ROOT, rel), { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.test.ts'))) found.push(rel);
    for (const e of entries) if (e.isDirectory()) walk(`${rel}/${e.name}`);
  };
  walk('test');
  return found.sort();
}

test('npm test runs every suite, after building the CLI', () => {
  expect(scripts.test).toMatch(/^npm run build && node --experimental-vm-modules node_modules\/jest\/bin\/jest\.js/);
  expect(folders('test')).toEqual([]);
});

test('every test folder is in exactly one of test:unit, test:e2e and test:install', () => {
  const split = [...folders('test:unit'), ...folders('test:e2e'), ...folders('test:install')];
  expect(new Set(split).size).toBe(split.length);
  expect(split.sort()).toEqual(testFolders());
});

test('test:unit holds the root-free suites and does not build the CLI', () => {
  expect(folders('test:unit')).toEqual(['test/golden', 'test/unit']);
  expect(scripts['test:unit']).not.toContain('npm run build');
  expect(folders('test:install')).toEqual(['test/install', 'test/node']);
});

test('no helper folder holds tests, and there is one helper folder', () => {
  expect(testFolders().filter((f) => f.startsWith('test/support'))).toEqual([]);
  const helperFolders = readdirSync(join(PROJECT_ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter((p) =>
    /(^|\/)(helpers|support)$/.test(p),
  );
  expect(helperFolders).toEqual(['support']);
});
