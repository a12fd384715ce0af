/**
 * Shows a pipeline (build, fetch) as it runs, on stderr: a live display fitted to the terminal
 * (output/live-frame.ts) on an interactive terminal, plain lines otherwise (CI logs: a progress
 * line at least every 10 s, N/total on every package, GitHub Actions log groups), or JSON events
 * on stdout with --json (output/json.ts). Stdout stays free of progress, so `kubepkg build > log`
 * on a terminal shows the live display and leaves no escape codes in the file.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildEvent } from '../build/events.js';
import type { Manifest } from '../build/manifest.js';
import type { KubepkgError } from '../errors/index.js';
import { createFetchProgress } from './fetch-progress.js';
import { formatMs, formatSize, table } from './format.js';
import { errorEvent, type JsonCommand, type JsonResult, jsonLine, markReported } from './output/json.js';
import { liveFrame } from './output/live-frame.js';
import type { OutputSettings } from './output/settings.js';
import { createStyle, warningPrefix } from './output/style.js';
import { countsLine, createTally } from './output/tally.js';

export interface ReporterOptions {
  output: OutputSettings;
  command: JsonCommand;
  /** build: the packages directory; fetch: the mirror directory */
  out?: string;
  /** where log lines go (stderr) */
  write?: (line: string) => void;
  /** where JSON lines go (stdout) */
  writeJson?: (text: string) => void;
  /** plain mode: the longest silence before a progress line (default 10 s) */
  heartbeatMs?: number;
  /** the terminal's size for the live display (default: stderr's, else 80×24) */
  terminalSize?: () => { rows: number; columns: number };
}

export interface Finish {
  ms: number;
  manifest?: Manifest;
  /** the error the command ends with (the original object, so that it is not printed twice) */
  error?: { original: unknown; error: KubepkgError };
  /** fetch: the files the mirror holds for this build */
  files?: number;
}

export interface Reporter {
  event(event: BuildEvent): void;
  /** the command's result line for people (fetch: what the mirror holds): shown also under --quiet */
  result(line: string): void;
  /** the downloads so far, in one line: `3 downloaded (1.2 MiB), 1 from cache, in 0.4 s` */
  downloadSummary(totalMs: number): string;
  finish(end: Finish): Promise<void>;
}

/** The stages during which the downloads in flight are shown. */
const DOWNLOADING_STAGES = new Set(['inputs', 'fetch']);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function artifactTable(artifacts: Manifest['artifacts']): string {
  const rows = artifacts.map((a) => [
    a.package,
    a.architecture,
    a.format,
    a.file,
    formatSize(a.size),
    a.reused ? 'reused' : '',
  ]);
  return table(['package', 'arch', 'format', 'file', 'size', ''], rows);
}

/** The final result line: `4 packages, 1.2 MiB, 1 failed, in 3.1 s`. */
function totalsLine(manifest: Manifest, totalMs: number): string {
  const total = manifest.artifacts.reduce((n, a) => n + a.size, 0);
  const failed = manifest.failures?.length ? `, ${manifest.failures.length} failed` : '';
  return `${plural(manifest.artifacts.length, 'package')}, ${formatSize(total)}${failed}, in ${formatMs(totalMs)}`;
}

function summary(manifest: Manifest, totalMs: number): string {
  const totals = totalsLine(manifest, totalMs);
  if (!manifest.versions) return `${artifactTable(manifest.artifacts)}\n${totals}`;
  // several versions: one block per version, in the order asked
  const blocks = manifest.versions.map((v) => {
    const asked = v.requested !== `v${v.kubernetesVersion}` ? ` (${v.requested})` : '';
    const head = `Kubernetes ${v.kubernetesVersion}${asked}`;
    if (v.error) return `${head}: FAILED ${v.error.code}: ${v.error.message}`;
    const mine = manifest.artifacts.filter((a) => v.files.includes(a.file));
    return `${head}, cri-tools ${v.criToolsVersion}, CNI plugins ${v.cniVersion}\n${artifactTable(mine)}`;
  });
  return `${blocks.join('\n\n')}\n${manifest.versions.length} Kubernetes versions, ${totals}`;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export async function createReporter(options: ReporterOptions): Promise<Reporter> {
  const { output, command } = options;
  const write = options.write ?? ((l: string) => process.stderr.write(`${l}\n`));
  const writeJson = options.writeJson ?? ((t: string) => process.stdout.write(t));
  const style = createStyle(output.colour);
  const downloads = createFetchProgress();
  const tally = createTally();
  const started = Date.now();
  let stage = { name: '', title: '' };
  const downloadSummary = (ms: number) => downloads.summary(ms);

  /** The manifest a build wrote, also after a partial failure (it lists what was built). */
  const manifestPath = async () => {
    if (command !== 'build' || !options.out) return undefined;
    const path = join(options.out, 'manifest.json');
    return (await exists(path)) ? path : undefined;
  };
  const manifestOnDisk = async (): Promise<Manifest | undefined> => {
    const path = await manifestPath();
    if (!path) return undefined;
    const { readFile } = await import('node:fs/promises');
    return JSON.parse(await readFile(path, 'utf8')) as Manifest;
  };

  if (output.mode === 'json') {
    return {
      downloadSummary,
      event(e) {
        tally.event(e);
        if (e.type === 'fetch') downloads.event(e.progress);
        writeJson(jsonLine(e));
      },
      result(line) {
        writeJson(jsonLine({ type: 'info', message: line }));
      },
      async finish(end) {
        if (end.error) {
          writeJson(jsonLine(errorEvent(end.error.error.toJSON())));
          markReported(end.error.original);
        }
        const c = tally.counts();
        const totals = downloads.totals();
        const result: JsonResult = {
          type: 'result',
          command,
          ok: !end.error,
          exitCode: end.error ? end.error.error.exitCode : 0,
          ms: end.ms,
          counts:
            command === 'build'
              ? { targets: c.targets, built: c.built, reused: c.reused, failed: c.failed }
              : { files: end.files ?? 0, downloaded: totals.downloaded, cached: totals.cached, bytes: totals.bytes },
          ...(options.out ? { out: options.out } : {}),
        };
        const manifest = await manifestPath();
        writeJson(jsonLine(manifest ? { ...result, manifest } : result));
      },
    };
  }

  const notes: string[] = [];
  const quiet = output.verbosity === 'quiet';
  const verbose = output.verbosity === 'verbose';
  const endSummary = async (end: Finish) => {
    const manifest = end.manifest ?? (end.error ? await manifestOnDisk() : undefined);
    if (manifest && manifest.artifacts.length > 0)
      write(quiet ? totalsLine(manifest, end.ms) : summary(manifest, end.ms));
  };

  if (output.mode === 'plain') {
    let lastLine = Date.now();
    let group = false;
    const log = (line: string) => {
      lastLine = Date.now();
      write(line);
    };
    const closeGroup = () => {
      if (group) write('::endgroup::');
      group = false;
    };
    const counter = () =>
      `[${tally.counts().targets - tally.counts().queued - tally.counts().running}/${tally.counts().targets}]`;
    // a CI log that stays silent for minutes looks hung: say where the run is (asked for silence: none)
    const heartbeat = setInterval(() => {
      if (quiet || Date.now() - lastLine < (options.heartbeatMs ?? 10_000) - 50) return;
      const c = tally.counts();
      const parts = [`${stage.title || 'starting'}`];
      if (c.targets) parts.push(countsLine(c));
      if (downloads.active() > 0) parts.push(downloads.lines()[0]!);
      log(`progress: ${parts.join(' · ')} · ${formatMs(Date.now() - started)}`);
      if (DOWNLOADING_STAGES.has(stage.name)) for (const line of downloads.lines().slice(1)) log(line);
    }, options.heartbeatMs ?? 10_000);
    heartbeat.unref();
    return {
      downloadSummary,
      result: log,
      event(e) {
        tally.event(e);
        if (e.type === 'fetch') {
          const line = downloads.event(e.progress);
          if (line && !quiet) log(line);
        } else if (quiet && e.type !== 'target-failed') {
          // only errors and the result line
        } else if (e.type === 'stage-start') {
          if (output.githubActions) {
            closeGroup();
            write(`::group::[${e.stage}] ${e.title}`);
            group = true;
          }
          stage = { name: e.stage, title: e.title };
          log(`[${e.stage}] ${e.title}`);
        } else if (e.type === 'stage-done') {
          closeGroup();
          if (verbose) log(`[${e.stage}] done in ${formatMs(e.ms)}`);
        } else if (e.type === 'stage-skipped') {
          if (verbose) log(`[${e.stage}] skipped: ${e.reason}`);
        } else if (e.type === 'warning') {
          log(`${warningPrefix(style)} ${e.message}`);
          if (output.githubActions) write(`::warning::${e.message}`);
        } else if (e.type === 'info') log(e.message);
        else if (e.type === 'target-done')
          log(`${e.reused ? 'reused' : 'built'} ${e.file} (${formatSize(e.size)}, ${formatMs(e.ms)}) ${counter()}`);
        else if (e.type === 'target-failed') {
          log(`${style.red('FAILED')} ${e.file}: ${e.error.message} ${counter()}`);
          if (output.githubActions) write(`::error title=${e.error.code}::${e.file}: ${e.error.message}`);
        }
      },
      async finish(end) {
        clearInterval(heartbeat);
        closeGroup();
        await endSummary(end);
      },
    };
  }

  // the live display is loaded only for a terminal (it costs start-up time in CI logs)
  const { createLogUpdate } = await import('log-update');
  const live = createLogUpdate(process.stderr);
  const size =
    options.terminalSize ?? (() => ({ rows: process.stderr.rows || 24, columns: process.stderr.columns || 80 }));
  const draw = () => {
    const fetching = DOWNLOADING_STAGES.has(stage.name) && downloads.active() > 0 ? downloads.lines() : [];
    const now = Date.now();
    live(
      liveFrame({
        stageTitle: stage.title,
        notes,
        downloads: fetching,
        tally,
        now,
        elapsedMs: now - started,
        style,
        ...size(),
      }).join('\n'),
    );
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return {
    downloadSummary,
    result(line) {
      notes.push(line);
      draw();
    },
    event(e) {
      tally.event(e);
      if (e.type === 'stage-start') stage = { name: e.stage, title: e.title };
      else if (e.type === 'fetch') downloads.event(e.progress);
      else if (e.type === 'warning') notes.push(`${warningPrefix(style)} ${e.message}`);
      else if (e.type === 'info') notes.push(e.message);
      draw();
    },
    async finish(end) {
      clearInterval(timer);
      live.clear();
      live.done();
      for (const n of notes) write(n);
      const c = tally.counts();
      if (c.failed) {
        for (const r of tally.rows.values())
          if (r.state === 'failed') write(`${style.red('✗')} ${r.file} failed (${formatMs(r.ms ?? 0)})`);
      }
      await endSummary(end);
    },
  };
}
