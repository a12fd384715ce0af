#!/usr/bin/env node
/**
 * The kubepkg executable. Signal handlers come first, before the commands and the libraries they
 * use are loaded, so that a Ctrl-C at any moment gets the documented answer (cli/signals.ts).
 */
import { installSignalHandlers } from './signals.js';

installSignalHandlers();
// `kubepkg build --json | head` closes our stdout early: not an error, and the build must still
// finish (or clean up) normally, so further output is dropped instead of exiting mid-way.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.stdout.write = (() => true) as typeof process.stdout.write;
});
const { runCli } = await import('./program.js');
process.exitCode = await runCli(process.argv);
