/**
 * Golden copies of the SBOM and the provenance statement made from fixed inputs, compared byte for
 * byte (`npm run golden:update` rewrites them; review the diff before committing).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProvenance } from '../../src/supply-chain/provenance.js';
import { createSbom } from '../../src/supply-chain/sbom.js';
import { sampleProvenanceOptions, sampleSbomOptions } from '../support/supply-chain/samples.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'supply-chain');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

test.each([
  ['sbom.spdx.json', () => createSbom(sampleSbomOptions())],
  ['provenance.intoto.json', () => createProvenance(sampleProvenanceOptions())],
])('%s matches its golden copy', async (name, make) => {
  const content = JSON.stringify(make(), null, 2) + '\n';
  const path = join(GOLDEN, name);
  if (UPDATE) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  expect(content).toBe(await readFile(path, 'utf8'));
});
