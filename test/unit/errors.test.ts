import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AREAS, CATALOGUE, type ErrorCode } from '../../src/errors/catalogue.js';
import { FAILURE_TESTS, renderErrorsDoc, testedCodes } from '../../src/errors/doc.js';
import { ExitCode, fail, fillTemplate, KubepkgError, toKubepkgError } from '../../src/errors/index.js';

const root = new URL('../../', import.meta.url).pathname;
const codes = Object.keys(CATALOGUE) as ErrorCode[];
/** errno codes of Node's own errors, which code may compare against but never throws as kubepkg codes */
const ERRNO = new Set(
  (
    'ENOENT EACCES EPERM EEXIST EPIPE ECONNREFUSED ECONNRESET ENOTDIR EISDIR ENOSPC EDQUOT EROFS ENOTEMPTY ' +
    'ENOTSUP EOPNOTSUPP'
  ).split(' '),
);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

async function sources(): Promise<Map<string, string>> {
  const files = [...(await sourceFiles('src')), ...(await sourceFiles('bench'))];
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return new Map(files.map((f, i) => [f.slice(root.length), texts[i]!]));
}

/** The failure tests' texts by path, as scripts/errors-doc.mjs reads them. */
async function failureTests(): Promise<Record<string, string>> {
  const tests: Record<string, string> = {};
  for (const dir of FAILURE_TESTS)
    for (const name of (await readdir(join(root, dir))).filter((n) => n.endsWith('.test.ts')))
      tests[`${dir}/${name}`] = await readFile(join(root, dir, name), 'utf8');
  return tests;
}

test('docs/errors.md is generated from the catalogue and the failure tests (regenerate: npm run docs:errors)', async () => {
  const tested = testedCodes(await failureTests());
  expect(await readFile(join(root, 'docs/errors.md'), 'utf8')).toBe(renderErrorsDoc(tested));
  // the corpus and the trials exercise the codes the issue names
  for (const code of ['EUNKNOWNOPTION', 'EDISKFULL', 'EINTERRUPTED', 'EOUTLOCKED', 'ETMPDIRTOOLONG'])
    expect(tested[code]).toBeDefined();
});

test('every code is defined in exactly one area', () => {
  const perArea = Object.values(AREAS).flatMap((entries) => Object.keys(entries));
  expect(perArea.length).toBe(new Set(perArea).size);
  expect(perArea.sort()).toEqual([...codes].sort());
  for (const code of codes) expect(code).toMatch(/^E[A-Z]{3,}$/);
});

test('every catalogued code is raised somewhere in src or bench', async () => {
  const texts = [...(await sources())].filter(([file]) => !/^src\/errors\/(catalogue|doc)\.ts$/.test(file));
  const unused = codes.filter((code) => !texts.some(([, text]) => new RegExp(`(fail\\.|')${code}\\b`).test(text)));
  expect(unused).toEqual([]);
});

test('every code written in src or bench is catalogued (errno codes aside)', async () => {
  const unknown: string[] = [];
  for (const [file, text] of await sources()) {
    for (const m of text.matchAll(/fail\.(E[A-Z]+)|'(E[A-Z]{3,})'/g)) {
      const code = m[1] ?? m[2]!;
      if (!(code in CATALOGUE) && !ERRNO.has(code)) unknown.push(`${file}: ${code}`);
    }
  }
  expect(unknown).toEqual([]);
});

test('errors are made only from the catalogue: no hand-built error data outside src/errors', async () => {
  const handBuilt = [...(await sources())]
    .filter(([file]) => !file.startsWith('src/errors/'))
    .filter(([, text]) => /new (Aggregate)?KubepkgError\(\{|code: 'E[A-Z]+'/.test(text))
    .map(([file]) => file);
  expect(handBuilt).toEqual([]);
});

test('messages are one line and fixes are sentences', () => {
  for (const code of codes) {
    const { message, fix } = CATALOGUE[code];
    expect(`${code}: ${message}`).not.toMatch(/\n/);
    expect(`${code}: ${fix}`).toMatch(/[.)`}]$/);
  }
});

test('fail.CODE fills every {name} and carries the exit status, details and cause', () => {
  const cause = new Error('underlying');
  const err = fail.ECHECKSUM(
    { what: '/m/kubelet', algorithm: 'sha512', expected: 'aa', actual: 'bb' },
    { details: ['a detail'], cause },
  );
  expect(err).toBeInstanceOf(KubepkgError);
  expect(err.code).toBe('ECHECKSUM');
  expect(err.exitCode).toBe(ExitCode.badInput);
  expect(err.message).toBe('/m/kubelet does not match its published sha512: expected aa, got bb');
  expect(err.details).toEqual(['a detail']);
  expect(err.cause).toBe(cause);
  expect(fail.ENFPMMISSING({ where: '', version: '9.9.9', install: 'go install it' }).fix).toBe(
    'Install nfpm v9.9.9: go install it',
  );
  expect(fail.ENOPACKAGES().exitCode).toBe(ExitCode.badInput);
  expect(fail.EINTERRUPTED({ activity: 'building' }).exitCode).toBe(130);
});

test('every template is filled completely when each named value is given', () => {
  for (const code of codes) {
    const { message, fix } = CATALOGUE[code];
    const names = [...`${message} ${fix}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const params = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
    expect(fillTemplate(`${message} ${fix}`, params)).not.toMatch(/\{\w+\}/);
  }
});

test('anything else becomes EINTERNAL (exit 70) with its stack', () => {
  const err = toKubepkgError(new TypeError('x is undefined'));
  expect(err.code).toBe('EINTERNAL');
  expect(err.exitCode).toBe(70);
  expect(err.message).toContain('x is undefined');
  expect(err.details.join('\n')).toContain('TypeError');
});

test('the library exports the codes and the catalogue', async () => {
  const lib = await import('../../src/index.js');
  expect(Object.keys(lib.ERROR_CATALOGUE)).toEqual(codes);
  const code: import('../../src/index.js').ErrorCode = 'ECHECKSUM';
  expect(code in lib.ERROR_CATALOGUE).toBe(true);
});
