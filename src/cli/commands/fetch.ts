/**
 * `kubepkg fetch`: download everything a build of these settings needs into a mirror directory
 * (same layout and checksum files that `--mirror DIR` reads), for building on an offline machine.
 * Takes the same settings as build (flags or --config), so one config serves both machines.
 * The work is the fetch pipeline (build/stages.ts); this file has the flags and the output.
 */
import { Option, type Command } from 'commander';
import { fetch, type FetchResult } from '../../api.js';
import { DEFAULT_ARCHITECTURES } from '../../arch.js';
import type { Settings } from '../../config/schema.js';
import { loadCommandSettings } from '../load-settings.js';
import { addSettingsOptions, type SettingsFlags } from '../options.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';
import { toKubepkgError } from '../../errors/index.js';
import { outputSettings } from '../output/settings.js';
import { createReporter } from '../reporter.js';
import { withInterruptSignal } from '../signals.js';

/**
 * The build command that reads this mirror: the same selection (a build of architectures or
 * packages the mirror lacks would fail), from the same config file when there was one.
 */
function offlineBuild(settings: Settings, out: string, configFile: string | undefined): string {
  const words = ['kubepkg build'];
  if (configFile) words.push(`--config ${configFile}`);
  words.push(`--mirror ${out}`);
  if (!configFile) {
    words.push(`--kubernetes-version ${settings.kubernetesVersion}`);
    const arches = settings.architectures;
    const allDefault =
      arches.length === DEFAULT_ARCHITECTURES.length && DEFAULT_ARCHITECTURES.every((a) => arches.includes(a));
    if (!allDefault) words.push(`--arch ${arches.join(',')}`);
    if (settings.packages) words.push(`--packages ${settings.packages.join(',')}`);
    for (const d of settings.definitions ?? []) words.push(`--definitions ${d}`);
  }
  return `build offline with: ${[...words, '--out OUT'].join(' ')}`;
}

/** What was fetched, the result line, and how to build from it offline. */
function fetchedLines(result: FetchResult, out: string, downloads: string): { fetched: string[]; totals: string } {
  const each = result.versions ?? [result];
  const written = each.flatMap((r) => r.written);
  const unverified = written.filter((w) => w.verifiedBy === 'none').length;
  const lines = each.map(({ plan }) => {
    const architectures = [...new Set(plan.targets.map((t) => t.arch))].join(', ');
    return (
      `fetched Kubernetes ${plan.kubernetesVersion}, cri-tools ${plan.criToolsVersion}, CNI plugins ` +
      `${plan.cniVersion} for ${architectures} into ${out}`
    );
  });
  return {
    fetched: lines,
    // the result line (shown also under --quiet)
    totals:
      `${written.length} files${unverified ? ` (${unverified} UNVERIFIED: no published checksum)` : ' verified'}; ` +
      `${downloads}`,
  };
}

export function registerFetch(program: Command): void {
  const cmd = program
    .command('fetch')
    .description(
      'download and verify every input a build needs into a mirror directory (for offline builds with --mirror DIR)',
    );
  addSettingsOptions(cmd, 'fetch').addOption(
    new Option('--out <dir>', 'mirror directory to write (the layout --mirror DIR reads)').makeOptionMandatory(),
  );
  addOutputOptions(cmd).action(async (flags: SettingsFlags & OutputFlags & { out: string }) => {
    const output = outputSettings(flags);
    const { settings, configFile } = await loadCommandSettings(flags, 'fetch', { out: undefined });
    const reporter = await createReporter({ output, command: 'fetch', out: flags.out });
    const started = Date.now();
    try {
      const result = await withInterruptSignal((signal) =>
        fetch(settings, flags.out, { signal, onEvent: (e) => reporter.event(e) }),
      );
      const downloads = reporter.downloadSummary(Date.now() - started);
      const lines = fetchedLines(result, flags.out, downloads);
      for (const message of lines.fetched) reporter.event({ type: 'info', message });
      reporter.result(lines.totals);
      reporter.event({ type: 'info', message: offlineBuild(settings, flags.out, configFile) });
      await reporter.finish({ ms: Date.now() - started, files: result.written.length });
    } catch (err) {
      await reporter.finish({ ms: Date.now() - started, error: { original: err, error: toKubepkgError(err) } });
      throw err;
    }
  });
}
