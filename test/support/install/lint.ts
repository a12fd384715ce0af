/**
 * lintian and rpmlint on built packages. Every error and warning must be fixed or overridden in
 * a committed file with a one-line reason:
 * - packaging/lintian/overrides: `package: tag [context]  # reason` (package may be `*`,
 *   context may use `*`); applied here, so the packages carry no lintian files.
 * - packaging/rpmlint.toml: rpmlint's own `Filters` list, one regex per line with `# reason`.
 * An entry whose reason starts with "real binaries:" concerns only packages of the compiled
 * Kubernetes binaries (test/node/lint.test.ts checks those); the stand-in packages of the
 * install suite never trigger it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run, RunError } from '../../../src/exec.js';

export interface LintFinding {
  level: 'E' | 'W';
  package: string;
  tag: string;
  context: string;
  line: string;
}

/** Whether an override's reason marks it as needed only by packages of real binaries. */
export function forRealBinariesOnly(reason: string): boolean {
  return reason.trim().startsWith('real binaries:');
}

export interface LintianOverride {
  package: string;
  tag: string;
  context?: string;
  reason: string;
  line: number;
}

/** Parses the overrides file; an entry without a reason is an error. */
export function parseLintianOverrides(text: string): LintianOverride[] {
  const overrides: LintianOverride[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\*|[a-z0-9][a-z0-9+.-]*):\s+([a-z0-9][a-z0-9+.-]*)(?:\s+\[([^\]]*)\])?\s+#\s*(\S.*)$/.exec(line);
    if (!m)
      throw new Error(`lintian overrides line ${i + 1}: expected "package: tag [context]  # reason", got: ${raw}`);
    overrides.push({ package: m[1]!, tag: m[2]!, context: m[3], reason: m[4]!, line: i + 1 });
  });
  return overrides;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

export function overrideMatches(o: LintianOverride, f: LintFinding): boolean {
  if (o.package !== '*' && o.package !== f.package) return false;
  if (o.tag !== f.tag) return false;
  return o.context === undefined || globToRegExp(o.context).test(f.context);
}

/** Runs lintian once on all `debs` (it starts slowly) and returns errors and warnings before overrides. */
export async function lintian(debs: readonly string[], options: { timeout?: number } = {}): Promise<LintFinding[]> {
  const { stdout } = await run('lintian', ['--fail-on', 'none', '--no-tag-display-limit', ...debs], {
    timeout: options.timeout ?? 10 * 60_000,
  });
  const findings: LintFinding[] = [];
  for (const line of stdout.split('\n')) {
    // "W: kubelet: no-manual-page [usr/bin/kubelet]"
    const m = /^([EW]): ([^\s:]+)(?: [a-z]+)?: (\S+)(?: \[?(.*?)\]?)?$/.exec(line);
    if (m) findings.push({ level: m[1] as 'E' | 'W', package: m[2]!, tag: m[3]!, context: m[4] ?? '', line });
  }
  return findings;
}

/**
 * rpmlint unpacks each RPM with `rpm2cpio FILE | cpio -id` in a temporary directory. nfpm's
 * payloads name files absolutely (/usr/bin/kubelet, where rpmbuild writes ./usr/bin/kubelet),
 * and GNU cpio then writes them to those absolute paths: run as root, rpmlint installs the
 * package's files into the host (and lints an empty directory). A `cpio` first on rpmlint's PATH
 * that adds --no-absolute-filenames keeps the files in rpmlint's directory.
 */
async function cpioShim(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubepkg-cpio-shim-'));
  const real = (await run('sh', ['-c', 'command -v cpio'])).stdout.trim();
  await writeFile(join(dir, 'cpio'), `#!/bin/sh\nexec ${real} --no-absolute-filenames "$@"\n`, { mode: 0o755 });
  return dir;
}

/**
 * Runs rpmlint (with the committed config, or without to see everything) on the given RPMs;
 * returns the errors and warnings left after its filters, and the full output.
 */
export async function rpmlint(
  config: string | undefined,
  rpms: readonly string[],
): Promise<{ findings: LintFinding[]; output: string }> {
  let output: string;
  const shim = await cpioShim();
  try {
    const env = minimalEnv({ PATH: `${shim}:${process.env.PATH ?? '/usr/bin:/bin'}` });
    const r = await run('rpmlint', [...(config ? ['--config', config] : []), ...rpms], { timeout: 5 * 60_000, env });
    output = r.stdout + r.stderr;
  } catch (err) {
    // rpmlint exits non-zero when errors remain; the findings below say which
    if (!(err instanceof RunError) || err.exitCode === undefined) throw err;
    output = err.stdout + err.stderr;
  } finally {
    await rm(shim, { recursive: true, force: true });
  }
  const findings: LintFinding[] = [];
  for (const line of output.split('\n')) {
    // "kubelet.x86_64: W: no-manual-page-for-binary kubelet"
    const m = /^(\S+?)(?:\.[a-z0-9_]+)?: ([EW]): (\S+)(?: (.*))?$/.exec(line);
    if (m) findings.push({ level: m[2] as 'E' | 'W', package: m[1]!, tag: m[3]!, context: m[4] ?? '', line });
  }
  return { findings, output };
}

/** The rpmlint filter lines of the config that carry no `# reason`. */
export async function rpmlintFiltersWithoutReason(config: string): Promise<string[]> {
  const text = await readFile(config, 'utf8');
  const block = /^Filters\s*=\s*\[([\s\S]*?)^\]/m.exec(text)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^['"]/.test(l) && !/#\s*\S/.test(l));
}

/** Each filter of the config's Filters list with its `# reason` ('' when it has none). */
export async function rpmlintFilterEntries(config: string): Promise<Array<{ regex: string; reason: string }>> {
  const text = await readFile(config, 'utf8');
  const block = /^Filters\s*=\s*\[([\s\S]*?)^\]/m.exec(text)?.[1] ?? '';
  return [...block.matchAll(/^\s*'([^']*)',(?:\s*#\s*(.*))?$/gm)].map((m) => ({ regex: m[1]!, reason: m[2] ?? '' }));
}
