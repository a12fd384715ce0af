/**
 * --verbose: every program kubepkg runs, as a shell-quoted line on stderr (`$ nfpm package …`).
 * Only the argv: environments and standard input carry the secrets (passphrases), never argv;
 * credentials in a URL are masked all the same.
 */
import { onSubprocess } from '../../exec.js';

const SAFE = /^[\w@%+=:,./-]+$/;

/** One argument as a POSIX shell would need it, with `user:password@` in URLs masked. */
export function displayArgument(arg: string): string {
  const masked = arg.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
  return SAFE.test(masked) ? masked : `'${masked.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(displayArgument).join(' ');
}

/** Shows each subprocess until the returned function is called. */
export function traceSubprocesses(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): () => void {
  onSubprocess((file, args) => write(`$ ${commandLine(file, args)}`));
  return () => onSubprocess(undefined);
}
