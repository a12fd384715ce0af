/**
 * Ctrl-C / SIGTERM abort the running work (nfpm processes are killed, temporary files removed)
 * instead of killing kubepkg outright; a second signal exits at once.
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (name: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    process.stderr.write(`\n${name}: stopping…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
