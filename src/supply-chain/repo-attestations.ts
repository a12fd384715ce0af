/**
 * Supply-chain files in a repository: the SBOM and provenance of each build are published
 * beside its packages (`<deb|rpm>/attestations/<version>-<revision>/`), and every format
 * directory gets a SHA256SUMS of its packages and attestations, clear-signed as SHA256SUMS.asc
 * with the repository key. The directory index pages list (and so link) them all.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fail } from '../errors/index.js';
import { writeAtomically } from '../fs/atomic-write.js';
import type { Signer } from '../repo/gpg.js';
import { renderSums, SIGNED_SUMS_FILE, SUMS_FILE, sha256Of, type SumEntry, writeSums } from './signed-sums.js';

export const ATTESTATIONS_DIR = 'attestations';

export interface Attestations {
  /** `1.31.4-1`: the Kubernetes version and revision of the build */
  release: string;
  /** the SBOM and provenance files of the build */
  files: string[];
}

/** Copies the build's attestations under `<dir>/attestations/<release>/`. */
export async function publishAttestations(dir: string, attestations: Attestations): Promise<void> {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+~-]*$/.test(attestations.release))
    throw new Error(`not a release label: ${attestations.release}`);
  const target = join(dir, ATTESTATIONS_DIR, attestations.release);
  await mkdir(target, { recursive: true });
  for (const file of attestations.files) {
    await writeAtomically(join(target, basename(file)), (temp) => copyFile(file, temp, constants.COPYFILE_FICLONE));
  }
}

/**
 * The packages and attestations below a format directory (not its signed apt/yum metadata, nor
 * the index.html pages, which are rewritten after the sums to list what was published).
 */
async function listPublished(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name !== 'index.html')
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((name) => /\.(deb|rpm)$/.test(name) || name.startsWith(`${ATTESTATIONS_DIR}/`));
}

/**
 * `<dir>/SHA256SUMS` and `<dir>/SHA256SUMS.asc` over everything published in it. Left as they are
 * when the list is unchanged and signed by the same keys (`resign` false): publishing the same
 * packages again changes no byte of the repository.
 */
export async function writeRepositorySums(
  dir: string,
  signer: Signer,
  options: { resign: boolean; sha256?: (path: string) => Promise<string> },
): Promise<void> {
  // `sha256`: a publish's digest cache, so that the packages already there are not read again
  const digest = options.sha256 ?? sha256Of;
  const entries: SumEntry[] = [];
  for (const name of await listPublished(dir)) entries.push({ name, sha256: await digest(join(dir, name)) });
  const [current, signed] = await Promise.all([
    readFile(join(dir, SUMS_FILE), 'utf8').catch(() => undefined),
    stat(join(dir, SIGNED_SUMS_FILE)).catch(() => undefined),
  ]);
  if (!options.resign && signed && current === renderSums(entries)) return;
  await writeSums(dir, entries, signer);
}

/**
 * `kubepkg repo --from OUT`: the SBOM and provenance of that build, when it wrote them, checked
 * against each other and the manifest (the provenance names the packages and the SBOM's digest)
 * before they are published.
 */
export async function attestationsInOutDir(
  dir: string,
  release: string,
  names: { sbom: string; provenance: string },
  packages: { file: string; sha256: string }[],
): Promise<Attestations | undefined> {
  const sbom = join(dir, names.sbom);
  const provenancePath = join(dir, names.provenance);
  const [sbomSha, provenanceText] = await Promise.all([
    sha256Of(sbom).catch(() => undefined),
    readFile(provenancePath, 'utf8').catch(() => undefined),
  ]);
  if (sbomSha === undefined && provenanceText === undefined) return undefined;
  const changed = (file: string) => fail.EATTESTATION({ file, dir });
  if (sbomSha === undefined || provenanceText === undefined) throw changed(`${names.sbom} or ${names.provenance}`);
  let statement: {
    subject?: { name: string; digest: { sha256?: string } }[];
    predicate?: { runDetails?: { byproducts?: { name?: string; digest?: { sha256?: string } }[] } };
  };
  try {
    statement = JSON.parse(provenanceText);
  } catch {
    throw changed(names.provenance);
  }
  // every package the provenance names is in the manifest with the same sha256
  const built = new Map(packages.map((p) => [p.file, p.sha256]));
  const subjects = statement.subject ?? [];
  if (subjects.length === 0 || subjects.some((s) => built.get(s.name) !== s.digest.sha256))
    throw changed(names.provenance);
  const recorded = statement.predicate?.runDetails?.byproducts?.find((b) => b.name === names.sbom);
  if (recorded?.digest?.sha256 !== sbomSha) throw changed(names.sbom);
  return { release, files: [sbom, provenancePath] };
}
