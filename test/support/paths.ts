/** Where the project is, and its compiled CLI, for tests that read files or run the CLI. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
