/** The yum half of a publish: new .rpms in `<arch>/`, then repodata/ and its signature, swapped in. */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RpmHeader } from './inspect.js';
import { entriesToPrune } from './prune.js';
import { sha256File } from '../inputs/checksum.js';
import {
  copyPackages,
  makeStagingDir,
  removeStagingDir,
  repositoryPathOf,
  sameVersionError,
  type FormatPublishInput,
  type PreparedPublish,
} from './stage.js';
import { canonicalFileName, type PackageInfo } from './types.js';
import { assertSignedBy, listRpmFiles, readRpmHeaders, writeYumMetadata } from './yum.js';

/** Checks everything first; `commit` then writes. */
export async function prepareRpm(input: FormatPublishInput): Promise<PreparedPublish> {
  const { dir, location, signer } = input;
  const existing = await readRpmHeaders(await listRpmFiles(dir));
  const known = new Map(existing.map((h) => [canonicalFileName(h), h]));
  const fresh: PackageInfo[] = [];
  const unchanged: string[] = [];
  for (const p of input.packages) {
    const old = known.get(canonicalFileName(p));
    if (!old) fresh.push(p);
    else if ((old.digests ? `rpm:${old.digests}` : `sha256:${await sha256File(old.path)}`) === p.contentId)
      unchanged.push(repositoryPathOf(p));
    else throw sameVersionError(p, `${location.path}/rpm/${repositoryPathOf(p)} (published)`, p.path);
  }

  const pruned = new Set<PackageInfo | RpmHeader>(
    input.keep ? entriesToPrune([...existing, ...fresh], input.keep) : [],
  );
  // a new package that is already older than the kept versions is not copied in at all
  const copied = fresh.filter((p) => !pruned.has(p));
  const removed = existing.filter((h) => pruned.has(h));
  await assertSignedBy(
    copied.map((p) => p.path),
    input.publicKeys,
    `${location.path}/rpm`,
  );
  const repodata = join(dir, 'repodata');
  const keyChanged = (await readFile(join(repodata, 'repomd.xml.key'), 'utf8').catch(() => '')) !== input.publicKeys;
  const complete = await stat(join(repodata, 'repomd.xml.asc')).then(
    () => true,
    () => false,
  );
  const result = {
    added: copied.map(repositoryPathOf),
    unchanged,
    removed: removed.map((h) => relative(dir, h.path)),
    contents: [...existing.filter((h) => !pruned.has(h)), ...copied],
  };
  if (copied.length === 0 && removed.length === 0 && !keyChanged && complete)
    return { ...result, added: [], commit: async () => undefined };
  return { ...result, commit: () => commit() };

  async function commit(): Promise<void> {
    const undo = await copyPackages(dir, copied, repositoryPathOf, input.cache);
    const stage = await makeStagingDir(location);
    // pruned packages wait in the staging directory while createrepo_c indexes what stays
    const parked: [string, string][] = removed.map((h, i) => [h.path, join(stage, `pruned-${i}.rpm`)]);
    const unpark = async () => {
      for (const [from, to] of parked) await rename(to, from).catch(() => undefined);
    };
    try {
      for (const [from, to] of parked) await rename(from, to);
      const hasOld = await stat(join(repodata, 'repomd.xml')).then(
        () => true,
        () => false,
      );
      await writeYumMetadata(dir, stage, hasOld ? dir : undefined);
      await signer.detachSign(join(stage, 'repodata', 'repomd.xml'), join(stage, 'repodata', 'repomd.xml.asc'));
      await writeFile(join(stage, 'repodata', 'repomd.xml.key'), input.publicKeys);
      if (hasOld) await rename(repodata, join(stage, 'old-repodata'));
      await rename(join(stage, 'repodata'), repodata);
    } catch (err) {
      await unpark();
      await undo();
      throw err;
    } finally {
      await removeStagingDir(stage);
    }
  }
}
