// Writes docs/errors.md from the error catalogue (run through `npm run docs:errors`, after a build),
// with the failure tests (the bad-input corpus, the fault trials) that exercise each code.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_TESTS, renderErrorsDoc, testedCodes } from '../dist/errors/doc.js';

const root = new URL('..', import.meta.url).pathname;
const tests = {};
for (const dir of FAILURE_TESTS)
  for (const name of readdirSync(join(root, dir)).filter((n) => n.endsWith('.test.ts')))
    tests[`${dir}/${name}`] = readFileSync(join(root, dir, name), 'utf8');
writeFileSync(join(root, 'docs', 'errors.md'), renderErrorsDoc(testedCodes(tests)));
