/**
 * `kubepkg merge`: the last job of a sharded build. Checks the shard set, collects it into one
 * --out (signing the RPMs shards built without a key) and, with --root, publishes it once.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { publishPackages } from '../../api.js';
import { packagesFromOutDir } from '../../repo/from-out.js';
import type { PublishResult } from '../../repo/publish.js';
import { mergeShards } from '../../shard/merge.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';
import { addSigningOptions, publishCounts, requireSigning, signingFromFlags, type SigningFlags } from './repo.js';

interface MergeFlags extends SigningFlags, OutputFlags {
  out: string;
  root?: string;
  planFingerprint?: string;
  baseUrl?: string;
}

export function registerMerge(program: Command): void {
  const cmd = addSigningOptions(
    program
      .command('merge')
      .description(
        'check the --out directories of every `build --shard`, merge them into one --out, sign and (--root) publish ' +
          'once',
      )
      .argument('<shards...>', 'the shard output directories')
      .requiredOption('--out <dir>', 'the merged output: packages, manifest.json, SHA256SUMS (a new directory)')
      .option('--root <dir>', 'then publish to this signed repository tree (needs --signing-key)')
      .option('--base-url <url>', 'with --root: URL the repository tree is served at')
      .option('--plan-fingerprint <sha256>', "refuse shards of any other plan than the plan job's"),
  );
  addOutputOptions(cmd).action((dirs: string[], flags: MergeFlags) =>
    withCommandOutput('merge', flags, async (out) => {
      out.set({ out: flags.out });
      const signing = flags.root ? requireSigning(flags, 'kubepkg merge --root') : signingFromFlags(flags);
      const merged = await mergeShards({ from: dirs, out: flags.out, fingerprint: flags.planFingerprint, signing });
      const counts = { shards: dirs.length, packages: merged.manifest.artifacts.length, signed: merged.signed.length };
      out.set({ counts, out: merged.outDir, manifest: join(merged.outDir, 'manifest.json'), signed: merged.signed });
      out.result(
        `${merged.outDir}: ${merged.manifest.artifacts.length} packages from ${dirs.length} shards` +
          (merged.signed.length ? `, ${merged.signed.length} RPMs signed` : ''),
      );
      const published: PublishResult[] = [];
      if (flags.root && signing)
        for (const group of (await packagesFromOutDir(merged.outDir)).groups) {
          const result = await publishPackages({
            root: flags.root,
            packages: group.files,
            kubernetesVersion: group.kubernetesVersion,
            signing,
            baseUrl: flags.baseUrl,
            onEvent: (e) => out.event(e),
          });
          for (const w of result.warnings) out.warn(w);
          out.result(`${result.location.path}: ${result.added.length} packages added`);
          published.push(result);
          const totals = publishCounts(published);
          out.set({ counts: { ...counts, repositories: totals.repositories!, published: totals.added! }, published });
        }
    }),
  );
}
