import { run, RunError } from '../../src/exec.js';

test('argv is passed as is, never through a shell', async () => {
  const { stdout } = await run('printf', ['%s|', 'a b', '$HOME', '; rm -rf /']);
  expect(stdout).toBe('a b|$HOME|; rm -rf /|');
});

test('the environment is explicit: our variables do not leak', async () => {
  process.env.KUBEPKG_TEST_SECRET = 'hunter2';
  const { stdout } = await run('env', []);
  expect(stdout).not.toContain('hunter2');
  expect(stdout).toContain('LC_ALL=C');
});

test('failures keep exit code and stderr', async () => {
  const err = await run('sh', ['-c', 'echo oops >&2; exit 7']).catch((e) => e);
  expect(err).toBeInstanceOf(RunError);
  expect(err).toMatchObject({ exitCode: 7, stderr: 'oops\n', notFound: false });
});

test('a missing program is reported as not found', async () => {
  const err = await run('/nonexistent/tool', []).catch((e) => e);
  expect(err).toMatchObject({ notFound: true });
});

test('timeouts and cancellation', async () => {
  await expect(run('sleep', ['5'], { timeout: 100 })).rejects.toMatchObject({ timedOut: true });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  await expect(run('sleep', ['5'], { signal: controller.signal })).rejects.toMatchObject({ canceled: true });
});
