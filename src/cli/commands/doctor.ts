/**
 * `kubepkg doctor`: every prerequisite with its version, where it was found and the exact fix;
 * `--install-nfpm` first installs the pinned nfpm into kubepkg's data directory (needs Go).
 */
import type { Command } from 'commander';
import { readConfigFile } from '../../config/load.js';
import { checkPrerequisites, type Prerequisite } from '../../doctor/prerequisites.js';
import { fail } from '../../errors/index.js';
import { type Go, installNfpm } from '../../nfpm/install.js';
import { NFPM_GO_PACKAGE, NFPM_VERSION } from '../../nfpm/locate.js';
import { configFileOf } from '../load-settings.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';
import { withInterruptSignal } from '../signals.js';

interface DoctorFlags extends OutputFlags {
  installNfpm?: boolean;
  nfpm?: string;
  config?: string | false;
}

function describe(p: Prerequisite): string[] {
  const status = p.ok ? 'ok' : p.required ? 'MISSING' : 'missing';
  const found = [p.version, p.path && `(${p.path})`].filter(Boolean).join(' ');
  const lines = [`${status.padEnd(8)} ${p.name.padEnd(22)} ${found || '-'}`, `         needed for: ${p.neededFor}`];
  if (p.note) lines.push(`         note: ${p.note}`);
  if (p.problem) lines.push(`         problem: ${p.problem}`);
  if (p.fix) lines.push(`         fix: ${p.fix}`);
  return lines;
}

export function registerDoctor(program: Command): void {
  const cmd = program
    .command('doctor')
    .description('check every program kubepkg runs (nfpm, Go, gpg, dpkg-deb, rpm, createrepo_c): version and fix')
    .option(
      '--install-nfpm',
      `install the pinned nfpm v${NFPM_VERSION} into kubepkg's data directory ($XDG_DATA_HOME/kubepkg/bin, else ` +
        `~/.local/share/kubepkg/bin) with \`go install\`; kubepkg finds it there`,
    )
    .option('--nfpm <path>', 'check this nfpm instead of searching (as build --nfpm)')
    .option('--config <file>', 'check the nfpm named by `nfpm:` in this config file (default: ./kubepkg.yaml if any)')
    .option('--no-config', 'do not read ./kubepkg.yaml')
    .addHelpText(
      'after',
      `
Exit status: 0 when a build can run (node and nfpm are ok; the other tools are needed only for
signing and \`kubepkg repo\`), 3 when a required prerequisite is missing.

--install-nfpm runs \`go install ${NFPM_GO_PACKAGE}@v${NFPM_VERSION}\` with your Go settings
(GOPROXY, GOFLAGS, GOPATH), so it needs Go and the Go module proxy; it is skipped when that
version is already installed there.`,
    );
  addOutputOptions(cmd).action((flags: DoctorFlags) =>
    withCommandOutput('doctor', flags, async (out) => {
      if (flags.installNfpm) {
        const onInstall = (go: Go, target: string) =>
          out.info(
            `installing nfpm v${NFPM_VERSION} at ${target}: go install ${NFPM_GO_PACKAGE}@v${NFPM_VERSION} (Go ` +
              `${go.version})…`,
          );
        const result = await withInterruptSignal((signal) => installNfpm({ signal, onInstall }));
        out.set({ nfpm: result });
        out.info(
          result.installed
            ? `installed nfpm v${result.version} at ${result.path}`
            : `nfpm v${result.version} is already installed at ${result.path}`,
        );
      }
      const configFile = await configFileOf(flags.config);
      const configured = configFile ? (await readConfigFile(configFile)).nfpm : undefined;
      const checks = await checkPrerequisites({ nfpmPath: flags.nfpm, configuredNfpm: configured });
      const failed = checks.filter((c) => c.required && !c.ok);
      out.set({ counts: { prerequisites: checks.length, missing: failed.length }, prerequisites: checks });
      out.document(checks.flatMap(describe).join('\n') + '\n');
      if (failed.length > 0) {
        const missing = failed.map((c) => `${c.name} (${c.problem})`).join('; ');
        throw fail.EPREREQUISITE({ missing }, { details: failed.map((c) => `${c.name}: ${c.fix}`) });
      }
    }),
  );
}
