/** The apt half of a publish: new .debs in `<arch>/`, then Packages, Release and its signatures. */
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { field } from './control.js';
import { entriesToPrune } from './prune.js';
import { entryForDeb, readPackagesIndex, renderIndexFiles, type DebEntry } from './apt.js';
import {
  copyPackages,
  insideDir,
  makeStagingDir,
  removeStagingDir,
  repositoryPathOf,
  sameVersionError,
  type FormatPublishInput,
  type PreparedPublish,
} from './stage.js';
import { canonicalFileName, type PackageInfo } from './types.js';

// the key first (a new key is out before signatures that need it), indexes before what vouches for them
const METADATA = ['Release.key', 'Packages', 'Packages.gz', 'Release', 'Release.gpg', 'InRelease'];

/** Checks everything first; `commit` then writes. */
export async function prepareDeb(input: FormatPublishInput): Promise<PreparedPublish> {
  const { dir, location, signer } = input;
  const existing = await readPackagesIndex(join(dir, 'Packages'));
  const known = new Map(existing.map((e) => [canonicalFileName(e), e]));
  const fresh: PackageInfo[] = [];
  const unchanged: string[] = [];
  for (const p of input.packages) {
    const old = known.get(canonicalFileName(p));
    if (!old) fresh.push(p);
    else if (old.sha256 === p.sha256) unchanged.push(repositoryPathOf(p));
    else throw sameVersionError(p, `${location.path}/deb/${repositoryPathOf(p)} (published)`, p.path);
  }
  const pruned = new Set(input.keep ? entriesToPrune([...existing, ...fresh], input.keep) : []);
  // a new package that is already older than the kept versions is not copied in at all
  const copied = fresh.filter((p) => !pruned.has(p));
  const added: DebEntry[] = await Promise.all(copied.map((p) => entryForDeb(p, repositoryPathOf(p))));
  const removed = existing.filter((e) => pruned.has(e));
  const all = [...existing.filter((e) => !pruned.has(e)), ...added];

  const keyChanged = (await readFile(join(dir, 'Release.key'), 'utf8').catch(() => '')) !== input.publicKeys;
  const complete = (
    await Promise.all(
      METADATA.map((f) =>
        stat(join(dir, f)).then(
          () => true,
          () => false,
        ),
      ),
    )
  ).every(Boolean);
  const result = {
    added: copied.map(repositoryPathOf),
    unchanged,
    removed: removed.map((e) => field(e.stanza, 'Filename') ?? ''),
    contents: all,
  };
  if (copied.length === 0 && removed.length === 0 && !keyChanged && complete)
    return { ...result, added: [], commit: async () => undefined };
  return { ...result, commit: () => commit() };

  async function commit(): Promise<void> {
    const stage = await makeStagingDir(location);
    try {
      const files = renderIndexFiles(all, {
        origin: input.origin,
        label: location.path,
        description: `Kubernetes v${location.minor} packages (${location.channel})`,
        architectures: [...new Set(all.map((e) => e.arch))].sort(),
        date: input.now,
      });
      for (const [name, bytes] of files) await writeFile(join(stage, name), bytes);
      await signer.clearsign(join(stage, 'Release'), join(stage, 'InRelease'));
      await signer.detachSign(join(stage, 'Release'), join(stage, 'Release.gpg'));
      await writeFile(join(stage, 'Release.key'), input.publicKeys);
      const undo = await copyPackages(dir, copied, repositoryPathOf, input.cache);
      try {
        for (const name of METADATA) await rename(join(stage, name), join(dir, name));
      } catch (err) {
        await undo();
        throw err;
      }
      // the signed index no longer lists them: only now may their files go
      for (const file of result.removed) await rm(insideDir(dir, file), { force: true });
    } finally {
      await removeStagingDir(stage);
    }
  }
}
