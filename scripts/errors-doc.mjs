// Writes docs/errors.md from the error catalogue (run through `npm run docs:errors`, after a build).
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../dist/errors/doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
