/**
 * Ctrl-C / SIGTERM abort the running work (nfpm and gpg processes are stopped, temporary files and
 * GnuPG homes removed, locks released) instead of killing kubepkg outright; a second signal exits
 * at once (the next run sweeps what that leaves). The executable installs the handlers before it
 * loads anything else: a signal that arrives before the work has started exits 130 with the usual
 * error, as nothing has been written yet.
 */
import { fail } from '../errors/index.js';
import { printError, wantsJson } from './errors.js';

let installed = false;
let signals = 0;
/** whether some work has finished: a signal after it arrives while the results are printed */
let finished = false;
/** the aborts of the work running now (one per withInterruptSignal) */
const running = new Set<AbortController>();

function onSignal(name: NodeJS.Signals): void {
  signals += 1;
  if (signals > 1 || running.size === 0) {
    const activity = finished ? 'finishing (the work itself was complete)' : 'starting';
    if (running.size === 0) printError(fail.EINTERRUPTED({ activity }), wantsJson(process.argv));
    process.exit(130);
  }
  process.stderr.write(`\n${name}: stopping…\n`);
  for (const controller of running) controller.abort();
}

/** Called first by the executable (cli/main.ts). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Runs `work` with a signal that aborts on Ctrl-C / SIGTERM. */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  // work started after a signal (the next of several publishes) stops at once
  if (signals > 0) controller.abort();
  running.add(controller);
  // without the executable (tests running commands in-process), the handlers live as long as the work
  const local = !installed;
  if (local) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  try {
    const result = await work(controller.signal);
    finished = true;
    return result;
  } finally {
    running.delete(controller);
    if (local) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
