/**
 * Fake nfpm executables for the end-to-end tests (fake the binary, not the module): small POSIX
 * sh scripts that answer `--version` like a release build and then fail, sleep, or hand over to
 * the real nfpm. Paths are embedded single-quoted, so they must not contain a single quote.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const quote = (s: string) => {
  if (s.includes("'")) throw new Error(`fake nfpm: path with a single quote: ${s}`);
  return `'${s}'`;
};

async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}`);
  await chmod(path, 0o755);
  return path;
}

/** Prints `GitVersion: v<version>` for --version, like a release build of nfpm; does nothing else. */
export function fakeVersionOnly(dir: string, version: string): Promise<string> {
  return writeScript(dir, 'nfpm-old', `echo "GitVersion:    v${version}"\nexit 0\n`);
}

/**
 * Answers --version as v2.45.2 (kubepkg reads a `go install`ed nfpm's version from the binary,
 * which a wrapper script is not); exits 1 with a message on stderr when an argument (the
 * --target) matches `pattern` (a sh case pattern: alternatives with `|`); otherwise execs the
 * real nfpm.
 */
export function fakeFailingFor(dir: string, realNfpm: string, pattern: string): Promise<string> {
  return writeScript(
    dir,
    'nfpm-fails-one',
    `case "$1" in --version) echo "GitVersion:    v2.45.2"; exit 0 ;; esac
for arg in "$@"; do
  case "$arg" in
    ${pattern}) echo "simulated nfpm failure for $arg" >&2; exit 1 ;;
  esac
done
exec ${quote(realNfpm)} "$@"
`,
  );
}

/**
 * Answers --version as v2.45.2; for `package` it writes a partial --target file, records
 * "<own pid> <parent pid>" in pidFile and becomes `sleep` (exec: the sleeping process IS the
 * nfpm process that kubepkg must stop).
 */
export function fakeSleeping(dir: string, pidFile: string): Promise<string> {
  return writeScript(
    dir,
    'nfpm-sleeps',
    `case "$1" in --version) echo "GitVersion:    v2.45.2"; exit 0 ;; esac
target=""
while [ $# -gt 0 ]; do
  [ "$1" = --target ] && target="$2"
  shift
done
[ -n "$target" ] && printf 'partial' > "$target"
echo "$$ $PPID" >> ${quote(pidFile)}
exec sleep 600
`,
  );
}

/**
 * Answers --version as v2.45.2; for `package` it writes a small file at --target and succeeds
 * (tests of the scheduling, where what matters is when nfpm runs, not what it makes).
 */
export function fakeWriting(dir: string): Promise<string> {
  return writeScript(
    dir,
    'nfpm-writes',
    `case "$1" in --version) echo "GitVersion:    v2.45.2"; exit 0 ;; esac
target=""
while [ $# -gt 0 ]; do
  [ "$1" = --target ] && target="$2"
  shift
done
printf 'package made by a fake nfpm\\n' > "$target"
`,
  );
}
