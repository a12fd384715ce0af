/** `kubepkg trust update|show`: the Sigstore trust root that signatures are verified against. */
import type { Command } from 'commander';
import { loadTrustRoot } from '../../supply-chain/trust-root.js';
import { DEFAULT_TRUST_ROOT_URL, updateTrustRoot } from '../../supply-chain/trust-update.js';

export function registerTrust(program: Command): void {
  const trust = program.command('trust').description('the Sigstore trust root used to verify upstream signatures');
  trust
    .command('update')
    .description('download a newer trusted_root.json into $XDG_CONFIG_HOME/kubepkg (it then wins over the shipped one)')
    .option('--url <url>', `where to get it (default ${DEFAULT_TRUST_ROOT_URL})`)
    .option('--sha256 <hex>', 'refuse it unless it has this sha256 (obtained out of band)')
    .option('--out <file>', 'write it here instead (pass it to build with --trust-root)')
    .option('--json', 'print JSON')
    .action(async (flags: { url?: string; sha256?: string; out?: string; json?: boolean }) => {
      const result = await updateTrustRoot(flags);
      process.stdout.write(
        flags.json
          ? JSON.stringify(result) + '\n'
          : `${result.path}: trusted_root.json from ${result.url} (sha256 ${result.sha256}); ` +
              `${result.certificateAuthorities} certificate authorities, transparency logs ` +
              `${result.transparencyLogs.join(', ')}\n`,
      );
    });
  trust
    .command('show')
    .description('which trust root is in effect')
    .option('--trust-root <file>', 'a trusted_root.json to show instead')
    .option('--json', 'print JSON')
    .action(async (flags: { trustRoot?: string; json?: boolean }) => {
      const root = await loadTrustRoot({ file: flags.trustRoot });
      const info = {
        source: root.source,
        certificateAuthorities: root.root.certificateAuthorities.map((c) => c.uri),
        transparencyLogs: root.rekorUrls,
      };
      process.stdout.write(
        flags.json
          ? JSON.stringify(info) + '\n'
          : `${info.source}: CAs ${info.certificateAuthorities.join(', ')}; transparency logs ` +
              `${info.transparencyLogs.join(', ')}\n`,
      );
    });
}
