/**
 * `kubepkg fetch`: download everything a build of these settings needs into a mirror directory
 * (same layout and checksum files that `--mirror DIR` reads), for building on an offline machine.
 * Takes the same settings as build (flags or --config), so one config serves both machines.
 */
import { Option, type Command } from 'commander';
import { loadSettings } from '../../config/load.js';
import { fail } from '../../errors/index.js';
import { fetchToMirror } from '../../fetch/to-mirror.js';
import { resolveSettingsVersion } from '../../fetch/settings.js';
import { inputSourceOf } from '../../fetch/source.js';
import type { ArtifactRef } from '../../inputs/layout.js';
import { loadDefinitions } from '../../packaging/load.js';
import { createPlan } from '../../plan/plan.js';
import { createFetchProgress } from '../fetch-progress.js';
import { addSettingsOptions, settingsFromFlags, type SettingsFlags } from '../options.js';
import { withInterruptSignal } from '../signals.js';

export function registerFetch(program: Command): void {
  const cmd = program
    .command('fetch')
    .description(
      'download and verify every input a build needs into a mirror directory (for offline builds with --mirror DIR)',
    );
  addSettingsOptions(cmd, { out: false })
    .addOption(
      new Option('--out <dir>', 'mirror directory to write (the layout --mirror DIR reads)').makeOptionMandatory(),
    )
    .option('--json', 'one JSON event per line on stdout')
    .action(async (flags: SettingsFlags & { out: string; json?: boolean }) => {
      const loaded = await loadSettings({ ...settingsFromFlags(flags), out: undefined }, flags.config);
      const source = inputSourceOf(loaded);
      if (source.kind === 'directory') {
        throw fail.EBADMIRROR({ dir: source.root });
      }
      const mode = flags.json ? 'json' : process.stderr.isTTY ? 'tty' : 'plain';
      const say = (line: string) =>
        mode === 'json'
          ? process.stdout.write(JSON.stringify({ type: 'info', message: line }) + '\n')
          : process.stderr.write(line + '\n');
      const progress = createFetchProgress();
      const started = Date.now();
      // the live display is loaded only for a terminal
      const logUpdateStderr = mode === 'tty' ? (await import('log-update')).logUpdateStderr : undefined;
      const timer = logUpdateStderr ? setInterval(() => logUpdateStderr(progress.lines().join('\n')), 200) : undefined;
      timer?.unref();
      try {
        await withInterruptSignal(async (signal) => {
          const { settings, marker } = await resolveSettingsVersion(loaded, { signal });
          if (marker) say(`Kubernetes ${marker.marker} is ${marker.version} (${marker.from}/${marker.marker}.txt)`);
          const plan = createPlan(settings, await loadDefinitions());
          const refs = new Map<string, ArtifactRef>();
          for (const target of plan.targets)
            for (const ref of Object.values(target.inputs)) refs.set(ref.mirrorPath, ref);
          const written = await fetchToMirror({
            refs: [...refs.values()],
            baseUrls: source.baseUrls,
            cacheDir: settings.cacheDir,
            allowUnverified: settings.allowUnverified,
            signal,
            out: flags.out,
            markers: marker ? { [marker.marker]: marker.version } : undefined,
            onProgress: (e) => {
              if (mode === 'json') process.stdout.write(JSON.stringify({ type: 'fetch', progress: e }) + '\n');
              else {
                const line = progress.event(e);
                if (mode === 'plain' && line) say(line);
              }
            },
          });
          if (timer) {
            clearInterval(timer);
            logUpdateStderr?.clear();
          }
          const unverified = written.filter((w) => w.verifiedBy === 'none').length;
          say(
            `fetched Kubernetes ${plan.kubernetesVersion}, cri-tools ${plan.criToolsVersion}, CNI plugins ${plan.cniVersion} for ${settings.architectures.join(', ')} into ${flags.out}`,
          );
          say(
            `${written.length} files${unverified ? ` (${unverified} UNVERIFIED: no published checksum)` : ' verified'}; ${progress.summary(Date.now() - started)}`,
          );
          say(
            `build offline with: kubepkg build --mirror ${flags.out} --kubernetes-version ${plan.kubernetesVersion} --out OUT`,
          );
        });
      } finally {
        if (timer) {
          clearInterval(timer);
          logUpdateStderr?.clear();
        }
      }
    });
}
