/**
 * The SBOM of a build: one SPDX 2.3 JSON document (https://spdx.github.io/spdx-spec/v2.3/)
 * describing every package built (with its purl and the sha1/sha256 of each file in it) and
 * every upstream input it was made from (download location, checksums, the verified Sigstore
 * signer), linked by DESCRIBES, CONTAINS and GENERATED_FROM relationships. A pure function of
 * its arguments, so the same inputs give the same bytes.
 */
import { createHash } from 'node:crypto';

export interface SbomSignature {
  identity: string;
  issuer: string;
  logIndex: number;
  integratedTime: string;
}

export interface SbomInput {
  /** unique key: the path below a mirror root (`kubernetes/v1.31.4/bin/linux/amd64/kubelet`) */
  key: string;
  name: string;
  version: string;
  /** where it is published upstream */
  downloadLocation: string;
  sha256: string;
  sha512?: string;
  /** set when its Sigstore signature was verified */
  signature?: SbomSignature;
  purpose: 'APPLICATION' | 'ARCHIVE';
}

export interface SbomFile {
  /** install path, absolute (`/usr/bin/kubelet`) */
  path: string;
  sha1: string;
  sha256: string;
}

export interface SbomPackage {
  name: string;
  /** the version as the package manager shows it: `1.31.4-1.1` (deb), `1.31.4-1` (rpm: version-release) */
  version: string;
  /** the package's own architecture name (amd64, x86_64, ...) */
  architecture: string;
  format: 'deb' | 'rpm' | 'archlinux';
  /** file name in --out */
  file: string;
  sha256: string;
  files: SbomFile[];
  /** keys of the SbomInputs it was made from */
  inputs: string[];
}

export interface SbomOptions {
  /** `kubepkg-1.31.4`: the document's name */
  name: string;
  /** ISO 8601 creation time: the build's SOURCE_DATE_EPOCH, so that rebuilds are identical */
  created: string;
  kubepkgVersion: string;
  nfpmVersion: string;
  packages: SbomPackage[];
  inputs: SbomInput[];
}

/** Namespace for the purls of the packages: they are the Kubernetes project's packages. */
export const PURL_NAMESPACE = 'kubernetes';

/** purl types (https://github.com/package-url/purl-spec): an Arch Linux package is `alpm`. */
const PURL_TYPES: Record<SbomPackage['format'], string> = { deb: 'deb', rpm: 'rpm', archlinux: 'alpm' };

export function packagePurl(p: Pick<SbomPackage, 'name' | 'version' | 'architecture' | 'format'>): string {
  const name = `${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}`;
  return `pkg:${PURL_TYPES[p.format]}/${PURL_NAMESPACE}/${name}?arch=${encodeURIComponent(p.architecture)}`;
}

function inputPurl(i: SbomInput): string {
  const name = `${encodeURIComponent(i.name)}@${encodeURIComponent(i.version)}`;
  return `pkg:generic/${name}?download_url=${encodeURIComponent(i.downloadLocation)}`;
}

/** SPDX identifiers allow letters, digits, `.` and `-` only. */
function spdxId(kind: string, text: string): string {
  return `SPDXRef-${kind}-${text.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

const byString =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** SPDX 2.3 section 7.9: sha1 of the sorted sha1s of the package's files, concatenated. */
export function packageVerificationCode(files: SbomFile[]): string {
  return createHash('sha1')
    .update(
      files
        .map((f) => f.sha1)
        .sort()
        .join(''),
    )
    .digest('hex');
}

export function createSbom(options: SbomOptions): Record<string, unknown> {
  const tool = `Tool: kubepkg-${options.kubepkgVersion}`;
  const packages = [...options.packages].sort(byString((p) => p.file));
  const inputs = [...options.inputs].sort(byString((i) => i.key));
  const inputIds = new Map(inputs.map((i) => [i.key, spdxId('Input', i.key)]));
  const spdxPackages: Record<string, unknown>[] = [];
  const spdxFiles: Record<string, unknown>[] = [];
  const relationships: Record<string, string>[] = [];
  const seen = new Set<string>();
  const unique = (id: string) => {
    if (seen.has(id)) throw new Error(`SBOM: duplicate SPDX identifier ${id}`);
    seen.add(id);
    return id;
  };

  for (const p of packages) {
    const id = unique(spdxId('Package', p.file));
    const files = [...p.files].sort(byString((f) => f.path));
    const fileIds = files.map((f) => unique(spdxId('File', `${p.file}-${f.path}`)));
    spdxPackages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      packageFileName: p.file,
      downloadLocation: 'NOASSERTION',
      supplier: 'NOASSERTION',
      filesAnalyzed: true,
      packageVerificationCode: { packageVerificationCodeValue: packageVerificationCode(files) },
      checksums: [{ algorithm: 'SHA256', checksumValue: p.sha256 }],
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: packagePurl(p) }],
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'INSTALL',
      hasFiles: fileIds,
    });
    relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: id });
    files.forEach((f, index) => {
      spdxFiles.push({
        SPDXID: fileIds[index],
        fileName: `.${f.path}`,
        checksums: [
          { algorithm: 'SHA1', checksumValue: f.sha1 },
          { algorithm: 'SHA256', checksumValue: f.sha256 },
        ],
        licenseConcluded: 'NOASSERTION',
        copyrightText: 'NOASSERTION',
      });
      relationships.push({ spdxElementId: id, relationshipType: 'CONTAINS', relatedSpdxElement: fileIds[index]! });
    });
    for (const key of [...new Set(p.inputs)].sort()) {
      const inputId = inputIds.get(key);
      if (!inputId) throw new Error(`SBOM: ${p.file} names the unknown input ${key}`);
      relationships.push({ spdxElementId: id, relationshipType: 'GENERATED_FROM', relatedSpdxElement: inputId });
    }
  }

  for (const i of inputs) {
    const id = unique(inputIds.get(i.key)!);
    spdxPackages.push({
      SPDXID: id,
      name: i.name,
      versionInfo: i.version,
      downloadLocation: i.downloadLocation,
      supplier: 'NOASSERTION',
      filesAnalyzed: false,
      checksums: [
        ...(i.sha512 ? [{ algorithm: 'SHA512', checksumValue: i.sha512 }] : []),
        { algorithm: 'SHA256', checksumValue: i.sha256 },
      ],
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: inputPurl(i) }],
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: i.purpose,
      ...(i.signature
        ? {
            annotations: [
              {
                annotationDate: options.created,
                annotationType: 'OTHER',
                annotator: tool,
                comment:
                  `Sigstore signature verified: identity ${i.signature.identity}, OIDC issuer ${i.signature.issuer}, ` +
                  `Rekor log index ${i.signature.logIndex} (logged ${i.signature.integratedTime})`,
              },
            ],
          }
        : {}),
    });
  }

  // The namespace must be unique per document: it is derived from everything the document says.
  const content = JSON.stringify({ spdxPackages, spdxFiles, relationships });
  const hash = createHash('sha256').update(content).digest('hex');
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: options.name,
    documentNamespace: `https://spdx.org/spdxdocs/${encodeURIComponent(options.name)}-${hash}`,
    creationInfo: {
      created: options.created,
      creators: [tool, `Tool: nfpm-${options.nfpmVersion}`],
    },
    packages: spdxPackages,
    files: spdxFiles,
    relationships,
  };
}
