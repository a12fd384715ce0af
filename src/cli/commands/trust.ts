/** `kubepkg trust update|show`: the Sigstore trust root that signatures are verified against. */
import type { Command } from 'commander';
import { loadTrustRoot } from '../../supply-chain/trust-root.js';
import { DEFAULT_TRUST_ROOT_URL, updateTrustRoot } from '../../supply-chain/trust-update.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

export function registerTrust(program: Command): void {
  const trust = program.command('trust').description('the Sigstore trust root used to verify upstream signatures');
  addOutputOptions(
    trust
      .command('update')
      .description(
        'download a newer trusted_root.json into $XDG_CONFIG_HOME/kubepkg (it then wins over the shipped one)',
      )
      .option('--url <url>', `where to get it (default ${DEFAULT_TRUST_ROOT_URL})`)
      .option('--sha256 <hex>', 'refuse it unless it has this sha256 (obtained out of band)')
      .option('--out <file>', 'write it here instead (pass it to build with --trust-root)'),
  ).action((flags: { url?: string; sha256?: string; out?: string } & OutputFlags) =>
    withCommandOutput('trust update', flags, async (out) => {
      const result = await updateTrustRoot({ url: flags.url, sha256: flags.sha256, out: flags.out });
      out.set({ counts: { certificateAuthorities: result.certificateAuthorities }, trustRoot: result });
      out.document(
        `${result.path}: trusted_root.json from ${result.url} (sha256 ${result.sha256}); ` +
          `${result.certificateAuthorities} certificate authorities, transparency logs ` +
          `${result.transparencyLogs.join(', ')}\n`,
      );
    }),
  );
  addOutputOptions(
    trust
      .command('show')
      .description('which trust root is in effect')
      .option('--trust-root <file>', 'a trusted_root.json to show instead'),
  ).action((flags: { trustRoot?: string } & OutputFlags) =>
    withCommandOutput('trust show', flags, async (out) => {
      const root = await loadTrustRoot({ file: flags.trustRoot });
      const info = {
        source: root.source,
        certificateAuthorities: root.root.certificateAuthorities.map((c) => c.uri),
        transparencyLogs: root.rekorUrls,
      };
      out.set({ counts: { certificateAuthorities: info.certificateAuthorities.length }, trustRoot: info });
      out.document(
        `${info.source}: CAs ${info.certificateAuthorities.join(', ')}; transparency logs ` +
          `${info.transparencyLogs.join(', ')}\n`,
      );
    }),
  );
}
