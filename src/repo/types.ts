/** What the repository code knows about one package file. */

/** The formats kubepkg publishes repositories for (apt and yum). */
export const REPO_FORMATS = ['deb', 'rpm'] as const;
export type RepoFormat = (typeof REPO_FORMATS)[number];

export type Relation = '<' | '<=' | '=' | '>=' | '>';

export interface Constraint {
  name: string;
  relation?: Relation;
  version?: string;
}

/** One dependency clause: satisfied when any of its alternatives is. */
export type Clause = Constraint[];

export interface PackageInfo {
  format: RepoFormat;
  name: string;
  /** deb: the Version field (`[epoch:]upstream[-revision]`); rpm: `[epoch:]version-release` */
  version: string;
  /** the upstream part (deb without epoch and revision, rpm %{VERSION}): decides channel and minor */
  upstreamVersion: string;
  /** the format's own name: amd64/ppc64el/all, x86_64/ppc64le/noarch */
  arch: string;
  /** hard dependencies only (Depends + Pre-Depends, Requires) */
  depends: Clause[];
  /** where the file is now */
  path: string;
  sha256: string;
  /**
   * What makes two files the same package. deb: the file's sha256. rpm: the digests of the main
   * header and payload, which leave out the signature: a re-signed RPM (nfpm signs with the
   * current time) is still the package already published.
   */
  contentId: string;
  size: number;
  /** deb only: the control fields in order, values with their continuation lines */
  control?: [string, string][];
}

/** The file name a package gets in the repository: one name per name/version/arch. */
export function canonicalFileName(p: Pick<PackageInfo, 'format' | 'name' | 'version' | 'arch'>): string {
  const plain = p.version.replace(/^[0-9]+:/, '');
  return p.format === 'deb' ? `${p.name}_${plain}_${p.arch}.deb` : `${p.name}-${plain}.${p.arch}.rpm`;
}

export function describePackage(p: Pick<PackageInfo, 'name' | 'version' | 'arch'>): string {
  return `${p.name} ${p.version} (${p.arch})`;
}
