/**
 * Golden files: every rendered file and nfpm config of a DEB and an RPM build (amd64), compared
 * byte for byte. `npm run golden:update` rewrites them; review the diff before committing.
 * Temporary directories are replaced by <MIRROR> and <RENDER> so the files are stable.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '../../src/api.js';
import { writeDemoMirror } from '../../src/demo/mirror.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'files');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let work: string;
const rendered = new Map<string, string>();

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kubepkg-golden-'));
  const mirror = join(work, 'mirror');
  const out = join(work, 'render');
  await writeDemoMirror({
    root: mirror,
    kubernetesVersions: ['1.31.4'],
    criToolsVersions: ['1.31.0'],
    cniVersions: ['1.4.0'],
    architectures: ['amd64'],
  });
  const targets = await render({ kubernetesVersion: '1.31.4', architectures: ['amd64'], mirror, out }, out);
  for (const t of targets) {
    for (const [name, content] of Object.entries(t.files)) {
      const key = `${t.target.package}/${t.target.format}/${name}`;
      rendered.set(key, content.replaceAll(mirror, '<MIRROR>').replaceAll(out, '<RENDER>'));
    }
  }
  if (UPDATE) {
    await rm(GOLDEN, { recursive: true, force: true });
    for (const [key, content] of rendered) {
      await mkdir(dirname(join(GOLDEN, key)), { recursive: true });
      await writeFile(join(GOLDEN, key), content);
    }
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('the set of rendered files matches the golden set', async () => {
  const golden = (await listFiles(GOLDEN)).map((f) => relative(GOLDEN, f)).sort();
  expect([...rendered.keys()].sort()).toEqual(golden);
});

test('every rendered file matches its golden copy byte for byte', async () => {
  for (const [key, content] of rendered) {
    const golden = await readFile(join(GOLDEN, key), 'utf8');
    expect({ key, content }).toEqual({ key, content: golden });
  }
});

test('the upstream files are byte-identical to pkgs.k8s.io (reference checksums)', () => {
  const sha = (key: string) => createHash('sha256').update(rendered.get(key)!).digest('hex');
  expect(sha('kubeadm/rpm/files/10-kubeadm.conf')).toBe(
    '46458e5b4adf851099e591acb3248931fc5f4073976fedb11c49d6bfad5c41a8',
  );
  expect(sha('kubeadm/deb/files/10-kubeadm.conf')).toBe(
    '3b6e4cb3ac34a6df6dd60ce45c9ebf035fc3ec160dc001b28afb7cca1c11ef06',
  );
  expect(sha('kubelet/deb/files/kubelet.service')).toBe(
    'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
  );
  expect(sha('kubelet/rpm/files/kubelet.service')).toBe(
    'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
  );
  expect(sha('kubelet/deb/files/kubelet')).toBe('2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7');
  expect(sha('kubelet/rpm/files/kubelet')).toBe('2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7');
});
