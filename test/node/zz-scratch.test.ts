import { test } from '@jest/globals';
import { ensureDebianRootTarball, ensureExtractedRoot } from '../install/support/debian-root.js';
import { NODE_ROOT } from './support/fixture.js';
test('make root', async () => { console.log(await ensureExtractedRoot(await ensureDebianRootTarball(NODE_ROOT))); }, 1800000);
