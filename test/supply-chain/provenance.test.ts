/** The provenance statement against a strict schema of in-toto Statement v1 + SLSA Provenance v1. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILD_TYPE, createProvenance } from '../../src/supply-chain/provenance.js';
import { kubepkgDigest } from '../../src/supply-chain/self-digest.js';
import { tempDirPerTest } from '../support/temp.js';
import { sampleProvenanceOptions } from '../support/supply-chain/samples.js';
import { provenanceProblems } from '../support/supply-chain/schemas.js';

const options = sampleProvenanceOptions;

test('the statement is valid against the strict in-toto/SLSA v1 schema', () => {
  expect(provenanceProblems(createProvenance(options()))).toEqual([]);
});

test('the strict schema catches a misspelt field and a bad digest', () => {
  const doc = createProvenance(options()) as { subject: Array<Record<string, unknown>>; predicate: object };
  expect(provenanceProblems({ ...doc, predicate: { ...doc.predicate, buildDefiniton: {} } }).length).toBeGreaterThan(0);
  doc.subject[0]!.digest = { sha256: 'xyz' };
  expect(provenanceProblems(doc).join('\n')).toMatch(/subject\/0\/digest\/sha256/);
});

test('subjects are the packages; dependencies the inputs, nfpm and kubepkg; parameters the settings', () => {
  const doc = createProvenance(options()) as {
    subject: { name: string; digest: { sha256: string } }[];
    predicate: {
      buildDefinition: { buildType: string; externalParameters: object; resolvedDependencies: { uri: string }[] };
    };
  };
  expect(doc.subject.map((s) => s.name)).toEqual(['kubelet-1.31.4-1.x86_64.rpm', 'kubelet_1.31.4-1.1_amd64.deb']);
  expect(doc.predicate.buildDefinition.buildType).toBe(BUILD_TYPE);
  expect(doc.predicate.buildDefinition.externalParameters).toEqual(options().settings);
  expect(doc.predicate.buildDefinition.resolvedDependencies.map((d) => d.uri)).toEqual([
    'https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet',
    'pkg:golang/github.com/goreleaser/nfpm/v2@v2.45.2',
    'pkg:npm/kubepkg@0.1.0',
  ]);
  expect(JSON.stringify(createProvenance({ ...options(), subjects: [...options().subjects].reverse() }))).toBe(
    JSON.stringify(doc),
  );
});

describe('kubepkg digest', () => {
  const dir = tempDirPerTest('self-digest');
  test('covers package.json and the trees kubepkg runs from, and changes with any byte', async () => {
    await writeFile(join(dir(), 'package.json'), '{}');
    await mkdir(join(dir(), 'dist', 'cli'), { recursive: true });
    await writeFile(join(dir(), 'dist', 'cli', 'main.js'), 'a');
    await mkdir(join(dir(), 'templates'));
    await writeFile(join(dir(), 'templates', 't'), 'b');
    const first = await kubepkgDigest(dir());
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await kubepkgDigest(dir())).toBe(first);
    await writeFile(join(dir(), 'templates', 't'), 'c');
    expect(await kubepkgDigest(dir())).not.toBe(first);
    await writeFile(join(dir(), 'unrelated'), 'x');
    const second = await kubepkgDigest(dir());
    await writeFile(join(dir(), 'unrelated'), 'y');
    expect(await kubepkgDigest(dir())).toBe(second);
  });

  test('remembered by the identities of its files, and computed again when any of them changes', async () => {
    await writeFile(join(dir(), 'package.json'), '{}');
    await mkdir(join(dir(), 'dist'));
    await writeFile(join(dir(), 'dist', 'main.js'), 'a');
    const memo = join(dir(), 'cache', 'kubepkg-digest.json');
    const first = await kubepkgDigest(dir(), memo);
    expect(first).toBe(await kubepkgDigest(dir()));
    expect(JSON.parse(await readFile(memo, 'utf8'))).toEqual({ identities: expect.any(String), sha256: first });
    // a remembered digest is what the memo says while no file changed...
    const fake = 'f'.repeat(64);
    await writeFile(memo, JSON.stringify({ ...JSON.parse(await readFile(memo, 'utf8')), sha256: fake }));
    expect(await kubepkgDigest(dir(), memo)).toBe(fake);
    // ...and any write (even of the same bytes) is noticed: the digest is computed again (once the
    // kernel's clock, which stamps files in ticks of a few milliseconds, has moved on)
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeFile(join(dir(), 'dist', 'main.js'), 'a');
    expect(await kubepkgDigest(dir(), memo)).toBe(first);
    await writeFile(join(dir(), 'dist', 'main.js'), 'b');
    expect(await kubepkgDigest(dir(), memo)).toBe(await kubepkgDigest(dir()));
    expect(await kubepkgDigest(dir(), memo)).not.toBe(first);
  });
});
