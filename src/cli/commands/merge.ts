/**
 * `kubepkg merge`: the last job of a sharded build. Checks the shard set, collects it into one
 * --out (signing the RPMs shards built without a key) and, with --root, publishes it once.
 */
import type { Command } from 'commander';
import { publishPackages } from '../../api.js';
import { packagesFromOutDir } from '../../repo/from-out.js';
import { mergeShards } from '../../shard/merge.js';
import { addSigningOptions, requireSigning, signingFromFlags, type SigningFlags } from './repo.js';

interface MergeFlags extends SigningFlags {
  out: string;
  root?: string;
  planFingerprint?: string;
  baseUrl?: string;
  json?: boolean;
}

export function registerMerge(program: Command): void {
  addSigningOptions(
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
      .option('--plan-fingerprint <sha256>', "refuse shards of any other plan than the plan job's")
      .option('--json', 'print the result as JSON on stdout'),
  ).action(async (dirs: string[], flags: MergeFlags) => {
    const signing = flags.root ? requireSigning(flags, 'kubepkg merge --root') : signingFromFlags(flags);
    const merged = await mergeShards({ from: dirs, out: flags.out, fingerprint: flags.planFingerprint, signing });
    process.stderr.write(
      `${merged.outDir}: ${merged.manifest.artifacts.length} packages from ${dirs.length} shards` +
        (merged.signed.length ? `, ${merged.signed.length} RPMs signed` : '') +
        '\n',
    );
    const results = [];
    if (flags.root && signing)
      for (const group of (await packagesFromOutDir(merged.outDir)).groups) {
        const result = await publishPackages({
          root: flags.root,
          packages: group.files,
          kubernetesVersion: group.kubernetesVersion,
          signing,
          baseUrl: flags.baseUrl,
        });
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        process.stderr.write(`${result.location.path}: ${result.added.length} packages added\n`);
        results.push(result);
      }
    if (flags.json)
      process.stdout.write(
        JSON.stringify({ out: merged.outDir, signed: merged.signed, published: results }, null, 2) + '\n',
      );
  });
}
