/**
 * Every program kubepkg runs, found the way kubepkg finds it, with its version and, when it is
 * missing or too old, the exact fix. `kubepkg doctor` prints this list; `required` ones (node,
 * nfpm) make it fail, the others are needed only by some commands.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import semver from 'semver';
import { KubepkgError } from '../errors/index.js';
import { run, RunError } from '../exec.js';
import { locateGo, NFPM_MIN_GO } from '../nfpm/install.js';
import { findOnPath, locateNfpm, NFPM_VERSION, type NfpmSource, nfpmVersionWarning } from '../nfpm/locate.js';

export interface Prerequisite {
  name: string;
  /** which commands need it */
  neededFor: string;
  /** a build cannot run without it */
  required: boolean;
  ok: boolean;
  version?: string;
  path?: string;
  /** how it was found, or a caveat that does not make it fail */
  note?: string;
  /** what is wrong (when not ok) */
  problem?: string;
  fix?: string;
}

export interface CheckOptions {
  env?: NodeJS.ProcessEnv;
  /** as --nfpm / `nfpm:` in the config file: check the nfpm a build would use */
  nfpmPath?: string;
  configuredNfpm?: string;
}

const FOUND_BY: Record<NfpmSource, string> = {
  flag: 'from --nfpm',
  env: 'from KUBEPKG_NFPM',
  config: 'from `nfpm:` in the config file',
  project: "the checkout's .tools/bin",
  data: "kubepkg's data directory",
  path: 'on PATH',
  go: "Go's bin directory",
};

/** Debian/Ubuntu tools used for signing and `kubepkg repo`; the Debian package that has each. */
const TOOLS = [
  { name: 'gpg', debian: 'gnupg', args: ['--version'], neededFor: 'signing (--signing-key), kubepkg repo' },
  { name: 'gpgconf', debian: 'gnupg', args: ['--version'], neededFor: 'signing (--signing-key), kubepkg repo' },
  { name: 'dpkg-deb', debian: 'dpkg', args: ['--version'], neededFor: 'kubepkg repo (reads .deb metadata)' },
  { name: 'rpm', debian: 'rpm', args: ['--version'], neededFor: 'kubepkg repo (reads .rpm metadata)' },
  { name: 'rpmkeys', debian: 'rpm', args: ['--version'], neededFor: 'kubepkg repo (checks RPM signatures)' },
  { name: 'createrepo_c', debian: 'createrepo-c', args: ['--version'], neededFor: 'kubepkg repo (yum metadata)' },
] as const;

/** gpg-agent's helper that takes a passphrase without a terminal (a fixed path on Debian). */
const PRESET_PASSPHRASE = '/usr/lib/gnupg/gpg-preset-passphrase';

function nodeCheck(): Prerequisite {
  const version = process.versions.node;
  const ok = semver.gte(version, '20.0.0');
  const canRequire = (process.features as { require_module?: boolean }).require_module === true;
  return {
    name: 'node',
    neededFor: 'everything',
    required: true,
    ok,
    version,
    path: process.execPath,
    note: canRequire ? undefined : "require('kubepkg') needs Node 20.19+ or 22.12+; import() works on this Node",
    ...(ok ? {} : { problem: `Node ${version} is too old`, fix: 'Install Node 20 or newer (https://nodejs.org/).' }),
  };
}

async function nfpmCheck(options: CheckOptions): Promise<Prerequisite> {
  const base = { name: 'nfpm', neededFor: 'build', required: true };
  try {
    const nfpm = await locateNfpm(options.nfpmPath, options.env ?? process.env, options.configuredNfpm);
    const warning = nfpmVersionWarning(nfpm);
    return {
      ...base,
      ok: true,
      version: nfpm.version,
      path: nfpm.path,
      note: warning ? `${FOUND_BY[nfpm.foundBy]}; ${warning}` : FOUND_BY[nfpm.foundBy],
    };
  } catch (err) {
    if (!(err instanceof KubepkgError)) throw err;
    const looked = err.details.length ? ` (${err.details.join('; ')})` : '';
    return { ...base, ok: false, problem: err.message + looked, fix: err.fix };
  }
}

async function goCheck(env: NodeJS.ProcessEnv): Promise<Prerequisite> {
  const base = {
    name: 'go',
    neededFor: `kubepkg doctor --install-nfpm (to build nfpm v${NFPM_VERSION})`,
    required: false,
  };
  const go = await locateGo(env);
  if (!go) {
    return {
      ...base,
      ok: false,
      problem: 'Go was not found (looked on PATH and at /usr/local/go/bin/go)',
      fix: 'Install Go from https://go.dev/dl/ (or `sudo apt-get install golang-go`); only needed to install nfpm.',
    };
  }
  const older = semver.valid(semver.coerce(go.version)) && semver.lt(semver.coerce(go.version)!, `${NFPM_MIN_GO}.0`);
  return {
    ...base,
    ok: true,
    ...go,
    note: older
      ? `older than the Go ${NFPM_MIN_GO} nfpm needs: \`go install\` fetches Go ${NFPM_MIN_GO} through the module ` +
        `proxy unless GOTOOLCHAIN=local`
      : undefined,
  };
}

async function toolCheck(tool: (typeof TOOLS)[number], env: NodeJS.ProcessEnv): Promise<Prerequisite> {
  const base = { name: tool.name, neededFor: tool.neededFor, required: false };
  const path = await findOnPath(tool.name, env);
  if (!path) {
    return {
      ...base,
      ok: false,
      problem: `${tool.name} is not on PATH`,
      fix: `Install the ${tool.debian} package: sudo apt-get install ${tool.debian}`,
    };
  }
  let out = '';
  try {
    out = (await run(path, tool.args, { timeout: 30_000 })).stdout;
  } catch (err) {
    if (err instanceof RunError) out = err.stdout + err.stderr;
  }
  const version = /([0-9]+\.[0-9]+(?:\.[0-9]+)*)/.exec(out.split('\n')[0] ?? '')?.[1];
  return { ...base, ok: true, path, version };
}

async function presetCheck(): Promise<Prerequisite> {
  const ok = await access(PRESET_PASSPHRASE, constants.X_OK).then(
    () => true,
    () => false,
  );
  return {
    name: 'gpg-preset-passphrase',
    neededFor: 'signing with a passphrase-protected key',
    required: false,
    ok,
    ...(ok
      ? { path: PRESET_PASSPHRASE }
      : {
          problem: `${PRESET_PASSPHRASE} is missing`,
          fix: 'Install the gpg-agent package: sudo apt-get install gpg-agent',
        }),
  };
}

export async function checkPrerequisites(options: CheckOptions = {}): Promise<Prerequisite[]> {
  const env = options.env ?? process.env;
  return [
    nodeCheck(),
    await nfpmCheck(options),
    await goCheck(env),
    ...(await Promise.all(TOOLS.map((tool) => toolCheck(tool, env)))),
    await presetCheck(),
  ];
}
