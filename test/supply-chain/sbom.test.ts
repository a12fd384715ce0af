/**
 * The SBOM against the published SPDX 2.3 JSON schema (ajv), and against what the schema cannot
 * say: every package and input present, every relationship pointing at an element, the package
 * verification code, determinism.
 */
import { createSbom, packagePurl, packageVerificationCode, type SbomOptions } from '../../src/supply-chain/sbom.js';
import { file, sampleSbomOptions, sha } from '../support/supply-chain/samples.js';
import { spdxProblems } from '../support/supply-chain/schemas.js';

const options = sampleSbomOptions;

type Doc = {
  packages: Array<Record<string, unknown> & { SPDXID: string; name: string }>;
  files: Array<{ SPDXID: string; fileName: string; checksums: { algorithm: string }[] }>;
  relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }>;
  documentNamespace: string;
};

test('the SBOM is valid against the published SPDX 2.3 JSON schema', () => {
  expect(spdxProblems(createSbom(options()))).toEqual([]);
});

test('the schema check is real: a document without spdxVersion or with a bad relationship fails it', () => {
  const { spdxVersion: _v, ...rest } = createSbom(options());
  expect(spdxProblems(rest).join('\n')).toMatch(/spdxVersion/);
  const doc = createSbom(options()) as unknown as Doc;
  doc.relationships[0]!.relationshipType = 'BUILT_BY_MAGIC';
  expect(spdxProblems(doc).join('\n')).toMatch(/relationshipType/);
});

test('every package, file and input is described and linked', () => {
  const doc = createSbom(options()) as unknown as Doc;
  const ids = new Set([...doc.packages.map((p) => p.SPDXID), ...doc.files.map((f) => f.SPDXID), 'SPDXRef-DOCUMENT']);
  for (const r of doc.relationships) {
    expect(ids).toContain(r.spdxElementId);
    expect(ids).toContain(r.relatedSpdxElement);
  }
  const rel = (type: string) => doc.relationships.filter((r) => r.relationshipType === type);
  expect(rel('DESCRIBES')).toHaveLength(2);
  expect(rel('CONTAINS')).toHaveLength(4);
  expect(rel('GENERATED_FROM')).toHaveLength(2);
  const deb = doc.packages.find((p) => p.packageFileName === 'kubelet_1.31.4-1.1_amd64.deb')!;
  expect(deb.externalRefs).toEqual([
    {
      referenceCategory: 'PACKAGE-MANAGER',
      referenceType: 'purl',
      referenceLocator: 'pkg:deb/kubernetes/kubelet@1.31.4-1.1?arch=amd64',
    },
  ]);
  expect(deb.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: sha('deb') }]);
  expect(deb.packageVerificationCode).toEqual({
    packageVerificationCodeValue: packageVerificationCode([
      file('/usr/bin/kubelet'),
      file('/lib/systemd/system/kubelet.service'),
    ]),
  });
  expect(doc.files.map((f) => f.fileName)).toContain('./usr/bin/kubelet');
  expect(doc.files.every((f) => f.checksums.some((c) => c.algorithm === 'SHA1'))).toBe(true);
  const input = doc.packages.find((p) => p.name === 'kubelet' && p.filesAnalyzed === false)!;
  expect(input.downloadLocation).toBe('https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet');
  expect(JSON.stringify(input.annotations)).toContain('krel-staging@k8s-releng-prod.iam.gserviceaccount.com');
  const cni = doc.packages.find((p) => p.name === 'cni-plugins')!;
  expect(cni.annotations).toBeUndefined();
});

test('an Arch Linux package is an alpm purl', () => {
  expect(packagePurl({ name: 'kubelet', version: '1.31.4-1', architecture: 'x86_64', format: 'archlinux' })).toBe(
    'pkg:alpm/kubernetes/kubelet@1.31.4-1?arch=x86_64',
  );
});

test('a tilde version and an rpm architecture make a valid purl', () => {
  expect(packagePurl({ name: 'kubernetes-cni', version: '1.5.1~rc.1-1', architecture: 'x86_64', format: 'rpm' })).toBe(
    'pkg:rpm/kubernetes/kubernetes-cni@1.5.1~rc.1-1?arch=x86_64',
  );
});

test('the same inputs give the same bytes, in any order; other inputs another namespace', () => {
  const a = JSON.stringify(createSbom(options()));
  const shuffled = options();
  shuffled.packages.reverse();
  shuffled.inputs.reverse();
  shuffled.packages[0]!.files.reverse();
  expect(JSON.stringify(createSbom(shuffled))).toBe(a);
  const other = options();
  other.packages[0]!.sha256 = sha('other');
  const ns = (o: SbomOptions) => (createSbom(o) as unknown as Doc).documentNamespace;
  expect(ns(other)).not.toBe(ns(options()));
});

test('a package naming an unknown input is a bug, not a silent gap', () => {
  const o = options();
  o.packages[0]!.inputs = ['nowhere'];
  expect(() => createSbom(o)).toThrow(/unknown input nowhere/);
});
