/**
 * The install harness must notice what it exists to catch: a maintainer script that fails.
 * rpm reports a failed %post only as a warning and exits 0; dpkg leaves the package
 * half-configured. Both must fail the harness call, or item 4/5 tests could not fail.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { locateNfpm } from '../../src/nfpm/locate.js';
import { aptGet, publishDebs } from '../support/install/apt-repo.js';
import { Chroot, removeRootSafely } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { RpmRoot } from '../support/install/rpm-root.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

let work: string;
let tarball: string;
const built: Record<'deb' | 'rpm', string> = { deb: '', rpm: '' };

beforeAll(async () => {
  await requireTools([...INSTALL_TOOLS, 'rpm'], { root: true });
  tarball = await ensureDebianRootTarball();
  work = await mkdtemp(join(tmpdir(), 'kubepkg-failing-'));
  await writeFile(join(work, 'post.sh'), '#!/bin/sh\necho "post-install failing on purpose" >&2\nexit 1\n', {
    mode: 0o755,
  });
  await writeFile(join(work, 'payload'), 'x\n');
  await writeFile(
    join(work, 'nfpm.yaml'),
    [
      'name: failing-post',
      'arch: amd64',
      'version: 1.0.0',
      'maintainer: test <t@example.com>',
      'description: fails in its post-install script',
      'contents:',
      `  - { src: ${join(work, 'payload')}, dst: /usr/share/failing-post/payload, file_info: { mode: 0644 } }`,
      'scripts:',
      `  postinstall: ${join(work, 'post.sh')}`,
      '',
    ].join('\n'),
  );
  const nfpm = await locateNfpm();
  for (const format of ['deb', 'rpm'] as const) {
    built[format] = join(work, `failing-post.${format}`);
    await run(
      nfpm.path,
      ['package', '--config', join(work, 'nfpm.yaml'), '--packager', format, '--target', built[format]],
      {
        env: minimalEnv(),
      },
    );
  }
}, 20 * 60_000);

afterAll(async () => {
  if (work) await removeRootSafely(work);
});

test('rpm: a failing %post (rpm itself exits 0) fails RpmRoot.rpm', async () => {
  const node = await RpmRoot.create(tarball);
  try {
    await expect(node.rpm(['-ivh', '--nodeps', built.rpm])).rejects.toThrow(/scriptlet failed/);
  } finally {
    await node.remove();
  }
});

test('dpkg: a failing postinst fails apt-get install', async () => {
  const root = await Chroot.unpack(tarball);
  try {
    await publishDebs(root, [built.deb]);
    await expect(aptGet(root, ['install', 'failing-post'])).rejects.toThrow();
  } finally {
    await root.remove();
  }
});
